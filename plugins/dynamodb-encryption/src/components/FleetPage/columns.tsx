import { Link, TableColumn } from '@backstage/core-components';
import {
  FleetAccount,
  FleetRow,
  rotationLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import {
  AccountName,
  costText,
  keyName,
  keyTypeText,
  OwnerName,
  SeverityChip,
} from './format';

/**
 * The width from which the fleet table has room for every column. Below it, the table shows what the page
 * sorts and filters by (table, key type, most severe finding, cost) and the row's details show the rest.
 */
export const WIDE_FLEET_TABLE = '(min-width:1920px)';

// One line per row: cells never wrap; what does not fit is cut with an ellipsis and shown whole on hover.
const oneLine = (maxWidth?: number) => ({
  whiteSpace: 'nowrap' as const,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  maxWidth,
});

function column(
  c: TableColumn<FleetRow>,
  maxWidth?: number,
): TableColumn<FleetRow> {
  return {
    ...c,
    cellStyle: oneLine(maxWidth),
    headerStyle: { whiteSpace: 'nowrap' },
  };
}

function TableName(props: { row: FleetRow; to?: string }) {
  const { row, to } = props;
  return (
    <span title={row.table.arn}>
      {to ? <Link to={to}>{row.table.name}</Link> : row.table.name}
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
  );
}

function MostSevereFinding({ row }: { row: FleetRow }) {
  const [top, ...more] = row.findings;
  if (!top) return <>—</>;
  return (
    <>
      <SeverityChip severity={top.severity} finding={top} />
      {more.length > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ marginLeft: 6 }}
          title={`and ${more.length} more (open the row)`}
        >
          +{more.length}
        </Typography>
      )}
    </>
  );
}

/**
 * The fleet table's columns. Always the table, its key type, its most severe finding (the default sort)
 * and its cost, which fit a 1,440 px screen; with `wide` (1,920 px and more) also its account, region, key,
 * rotation and owner, which the row's details show otherwise.
 */
export function fleetColumns(options: {
  accounts?: FleetAccount[];
  entityLink: (entityRef: string) => string;
  wide?: boolean;
}): TableColumn<FleetRow>[] {
  const { accounts, entityLink, wide = false } = options;
  const onlyWide = (c: TableColumn<FleetRow>) => (wide ? [c] : []);
  return [
    column(
      {
        title: 'Table',
        render: row => (
          <TableName
            row={row}
            to={row.entityRef ? entityLink(row.entityRef) : undefined}
          />
        ),
      },
      wide ? 220 : 320,
    ),
    ...onlyWide(
      column(
        {
          title: 'Account',
          render: row => (
            <AccountName accountId={row.table.accountId} accounts={accounts} />
          ),
        },
        160,
      ),
    ),
    ...onlyWide(column({ title: 'Region', render: row => row.table.region })),
    column({ title: 'Key type', render: keyTypeText }),
    ...onlyWide(
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
    ),
    ...onlyWide(
      column({
        title: 'Rotation',
        render: row => rotationLabel(row.encryption, { compact: true }),
      }),
    ),
    ...onlyWide(
      column(
        { title: 'Owner', render: row => <OwnerName owner={row.owner} /> },
        160,
      ),
    ),
    column(
      {
        title: 'Most severe finding',
        render: row => <MostSevereFinding row={row} />,
      },
      260,
    ),
    column({ title: 'USD / month', align: 'right', render: costText }),
  ];
}
