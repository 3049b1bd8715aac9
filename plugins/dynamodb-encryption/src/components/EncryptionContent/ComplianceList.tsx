import {
  complianceOf,
  ControlResultKind,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

const RESULT_WORDS: Record<ControlResultKind, string> = {
  'evidence-present': 'evidence present',
  'evidence-missing': 'evidence missing',
  unknown: 'unknown',
};

/**
 * Each control the table's assessment gives (`complianceOf` the report or fleet row), by standard: its
 * identifier and title, evidence present, missing or unknown, and what was seen or why not. Evidence, not
 * a verdict: the same list on the entity's tab and the fleet's rows.
 */
export function ComplianceList({
  subject,
}: {
  subject: Parameters<typeof complianceOf>[0];
}) {
  const controls = complianceOf(subject);
  const frameworks = [...new Set(controls.map(c => c.framework))];
  return (
    <>
      {frameworks.map(framework => (
        <Box key={framework} mb={1.5}>
          <Typography variant="subtitle2">{framework}</Typography>
          {controls
            .filter(c => c.framework === framework)
            .map(c => (
              <Box key={c.id} mb={0.5} data-testid={`control-${c.id}`}>
                <Typography variant="body2">
                  <strong>{c.controlId}</strong> {c.title}:{' '}
                  {RESULT_WORDS[c.result]}
                </Typography>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {c.evidence}
                </Typography>
              </Box>
            ))}
        </Box>
      ))}
    </>
  );
}
