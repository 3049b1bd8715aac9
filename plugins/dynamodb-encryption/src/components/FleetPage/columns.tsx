import { Link, TableColumn } from '@backstage/core-components';
import {
  FleetAccount,
  FleetRow,
  KEY_TYPE_LABELS,
  monthlyCostLabel,
  rotationLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import { AccountName, keyName, ownerName, SeverityChip } from './format';

// One line per row: cells never wrap; what does not fit is cut with an ellipsis and shown whole on hover.
const oneLine = (maxWidth?: number) => ({
  whiteSpace: 'nowrap' as const,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  maxWidth,
});

/** The fleet table's columns, sized to fit a 1,440 px screen. */
export function fleetColumns(options: {
  accounts?: FleetAccount[];
  entityLink: (entityRef: string) => string;
}): TableColumn<FleetRow>[] {
  const column = (
    c: TableColumn<FleetRow>,
    maxWidth?: number,
  ): TableColumn<FleetRow> => ({
    ...c,
    cellStyle: oneLine(maxWidth),
    headerStyle: { whiteSpace: 'nowrap' },
  });
  return [
    column(
      {
        title: 'Table',
        render: row => (
          <span title={row.table.arn}>
            {row.entityRef ? (
              <Link to={options.entityLink(row.entityRef)}>
                {row.table.name}
              </Link>
            ) : (
              row.table.name
            )}
            {row.stale && (
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
                title={`Not read by the latest scan (${row.stale.reason}); as last read at ${row.stale.since}`}
              >
                {' '}
                (stale)
              </Typography>
            )}
          </span>
        ),
      },
      220,
    ),
    column(
      {
        title: 'Account',
        render: row => (
          <AccountName
            accountId={row.table.accountId}
            accounts={options.accounts}
          />
        ),
      },
      160,
    ),
    column({ title: 'Region', render: row => row.table.region }),
    column({
      title: 'Key type',
      render: row =>
        KEY_TYPE_LABELS[row.encryption.keyType] +
        (row.encryption.keyState && row.encryption.keyState !== 'Enabled'
          ? ` (${row.encryption.keyState})`
          : ''),
    }),
    column(
      {
        title: 'Key',
        render: row => (
          <span title={row.encryption.kmsKeyArn}>
            {keyName(row.encryption)}
          </span>
        ),
      },
      180,
    ),
    column({
      title: 'Rotation',
      render: row => rotationLabel(row.encryption, { compact: true }),
    }),
    column({
      title: 'USD / month',
      align: 'right',
      // A key type AWS did not let the scan read has no cost, not $0.00.
      render: row =>
        row.cost.unknown
          ? monthlyCostLabel(row.cost)
          : `$${row.cost.monthlyUsd.toFixed(2)}`,
    }),
    column(
      {
        title: 'Owner',
        render: row =>
          row.owner ? (
            <span title={row.owner}>{ownerName(row.owner)}</span>
          ) : (
            <Typography variant="body2" color="textSecondary" component="span">
              unowned
            </Typography>
          ),
      },
      160,
    ),
    column(
      {
        title: 'Findings',
        render: row => {
          const [top, ...more] = row.findings;
          if (!top) return '—';
          return (
            <>
              <SeverityChip severity={top.severity} finding={top} />
              {more.length > 0 && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  style={{ marginLeft: 6 }}
                >
                  +{more.length}
                </Typography>
              )}
            </>
          );
        },
      },
      260,
    ),
  ];
}
