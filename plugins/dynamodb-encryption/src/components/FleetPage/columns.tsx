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
// The width is the cell content's (browsers ignore a table cell's own max-width), so no value, however
// long, widens its column: the columns' widths are known, and fit the screens they are shown on.
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
  const render = c.render!;
  return {
    ...c,
    cellStyle: { whiteSpace: 'nowrap' },
    headerStyle: { whiteSpace: 'nowrap' },
    render: (row, type) => {
      const content = render(row, type);
      return (
        <div
          style={{
            ...oneLine(maxWidth),
            marginLeft: c.align === 'right' ? 'auto' : undefined,
          }}
          title={typeof content === 'string' ? content : undefined}
        >
          {content}
        </div>
      );
    },
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
 * The most each column's content takes, in px (the cost's header, about 95 px, is wider than its values).
 * Each cell adds 36 px of padding and the row toggle 84, so the wide set fits the 1,648 px a 1,920 px
 * screen leaves beside the pinned sidebar, and the narrow set the 1,168 px of a 1,440 px screen, whatever
 * the values: a longer one is cut, and whole on hover.
 */
const WIDTHS = {
  narrow: { table: 320, keyType: 240, finding: 250, cost: 80 },
  wide: {
    table: 170,
    account: 110,
    region: 95,
    keyType: 180,
    key: 120,
    rotation: 110,
    owner: 120,
    finding: 240,
    cost: 70,
  },
};

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
  const px = wide ? WIDTHS.wide : { ...WIDTHS.wide, ...WIDTHS.narrow };
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
      px.table,
    ),
    ...onlyWide(
      column(
        {
          title: 'Account',
          render: row => (
            <AccountName accountId={row.table.accountId} accounts={accounts} />
          ),
        },
        px.account,
      ),
    ),
    ...onlyWide(
      column({ title: 'Region', render: row => row.table.region }, px.region),
    ),
    column({ title: 'Key type', render: keyTypeText }, px.keyType),
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
        px.key,
      ),
    ),
    ...onlyWide(
      column(
        {
          title: 'Rotation',
          render: row => rotationLabel(row.encryption, { compact: true }),
        },
        px.rotation,
      ),
    ),
    ...onlyWide(
      column(
        { title: 'Owner', render: row => <OwnerName owner={row.owner} /> },
        px.owner,
      ),
    ),
    column(
      {
        title: 'Most severe finding',
        render: row => <MostSevereFinding row={row} />,
      },
      px.finding,
    ),
    column({ title: 'USD / month', align: 'right', render: costText }, px.cost),
  ];
}
