import type { FrameworkResult } from '@internal/plugin-dynamodb-encryption-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A framework's verdict in words: met, not met, or unknown when AWS did not show enough to tell. */
function verdict(c: FrameworkResult): string {
  if (c.passed) return 'meets every checked requirement';
  if (c.rules.every(r => r.passed || r.undetermined))
    return 'unknown: AWS did not show what protects the table';
  return 'requirements not met';
}

/**
 * HIPAA, PCI-DSS and GDPR as the one assessment judged them (the report's or the fleet row's `compliance`):
 * each requirement met (✓), not met (✗) or unknown (?), the same on the entity's tab and the fleet's rows.
 */
export function ComplianceList({
  frameworks,
}: {
  frameworks: FrameworkResult[];
}) {
  return (
    <>
      {frameworks.map(c => (
        <Box key={c.framework} mb={1}>
          <Typography variant="subtitle2">
            {c.framework}: {verdict(c)}
          </Typography>
          {c.rules.map(r => {
            let mark = '✗';
            if (r.passed) mark = '✓';
            else if (r.undetermined) mark = '?';
            return (
              <Typography key={r.id} variant="body2">
                {mark} {r.requirement}
                {r.undetermined ? ' (unknown)' : ''}
              </Typography>
            );
          })}
        </Box>
      ))}
    </>
  );
}
