import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    overflowX: 'auto',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 0),
    margin: 0,
  },
  line: { whiteSpace: 'pre', padding: theme.spacing(0, 1) },
  added: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(46, 160, 67, 0.25)'
        : 'rgba(46, 160, 67, 0.15)',
  },
  removed: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(248, 81, 73, 0.25)'
        : 'rgba(248, 81, 73, 0.15)',
  },
  header: { color: theme.palette.text.secondary },
}));

type LineKind = 'added' | 'removed' | 'header' | 'context';

function kindOf(line: string): LineKind {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@'))
    return 'header';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}

const WORDS: Record<LineKind, string | undefined> = {
  added: 'added',
  removed: 'removed',
  header: undefined,
  context: undefined,
};

/**
 * A unified diff, line by line in a monospace block: added lines marked `+` on green, removed lines `-` on
 * red (the sign stays, so the change does not rest on colour alone), hunk headers muted.
 */
export function DiffView({ diff }: { diff: string }) {
  const classes = useStyles();
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <Box component="pre" className={classes.diff} data-testid="key-change-diff">
      {lines.map((line, i) => {
        const kind = kindOf(line);
        return (
          <div
            key={i}
            data-kind={kind}
            aria-label={WORDS[kind] && `${WORDS[kind]}: ${line.slice(1)}`}
            className={`${classes.line} ${
              kind === 'context' ? '' : classes[kind]
            }`}
          >
            {line}
          </div>
        );
      })}
    </Box>
  );
}
