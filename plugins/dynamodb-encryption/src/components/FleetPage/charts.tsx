import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/**
 * A labelled horizontal bar chart; plain elements, so it renders instantly and reads in a screen reader.
 * A bar with `to` links its label to the fleet table filtered to it.
 */
export function BarChart({
  title,
  bars,
  unit = '',
}: {
  title: string;
  bars: { label: string; value: number; to?: string; hint?: string }[];
  unit?: string;
}) {
  const max = Math.max(1, ...bars.map(b => b.value));
  return (
    <InfoCard title={title}>
      {bars.length === 0 && (
        <Typography variant="body2">No data yet.</Typography>
      )}
      {bars.map(b => (
        <Box key={b.label} display="flex" alignItems="center" mb={0.5}>
          <Box
            width="40%"
            pr={1}
            style={{
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
            }}
            title={b.hint ?? b.label}
          >
            <Typography variant="body2">
              {b.to ? <Link to={b.to}>{b.label}</Link> : b.label}
            </Typography>
          </Box>
          <Box flexGrow={1} mr={1}>
            <Box
              height={14}
              bgcolor="primary.main"
              width={`${(100 * b.value) / max}%`}
              minWidth={2}
              borderRadius={2}
            />
          </Box>
          <Typography
            variant="body2"
            style={{ minWidth: 72, textAlign: 'right' }}
          >
            {unit === '$' ? `$${b.value.toFixed(2)}` : b.value}
          </Typography>
        </Box>
      ))}
    </InfoCard>
  );
}

/** A single figure with a caption; with `to`, the figure links to the tables behind it. */
export function Tile({
  label,
  value,
  caption,
  to,
}: {
  label: string;
  value: string | number;
  caption?: string;
  to?: string;
}) {
  return (
    <InfoCard>
      <Typography variant="overline">{label}</Typography>
      <Typography variant="h4">
        {to ? (
          <Link to={to} aria-label={`${label}: ${value}`}>
            {value}
          </Link>
        ) : (
          value
        )}
      </Typography>
      {caption && <Typography variant="caption">{caption}</Typography>}
    </InfoCard>
  );
}
