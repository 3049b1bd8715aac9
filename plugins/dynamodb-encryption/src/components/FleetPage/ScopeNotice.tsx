import { FleetReadScope } from '@dynamodb-encryption/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';

/**
 * Says that the permission policy narrowed what the reader sees: every figure, page, chart and export on the
 * page covers the tables it allows (typically those the reader's teams own), not the whole fleet.
 */
export function ScopeNotice({ scope }: { scope?: FleetReadScope }) {
  if (scope !== 'conditional') return null;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="fleet-scope"
      gutterBottom
    >
      Showing the tables your permissions allow (typically those your teams
      own): the figures, the table and the exports cover these only, not the
      whole fleet.
    </Typography>
  );
}
