import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  FleetRow,
  FleetTablesQuery,
  KEY_TYPE_LABELS,
  monthlyCostLabel,
  OBSERVED_KEY_TYPES,
  rotationLabel,
  KeyType,
} from '@internal/plugin-dynamodb-encryption-common';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';

const PAGE = 50;

/** The scanned tables, filtered, sorted and paged by the backend, so it stays fast at any fleet size. */
export function FleetTable({ refreshKey }: { refreshKey: number }) {
  const api = useApi(dynamoDbEncryptionApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const [filters, setFilters] = useState<FleetTablesQuery>({
    sort: 'severity',
  });
  const [page, setPage] = useState(0);
  const { value, loading, error } = useAsync(
    () => api.listFleetTables({ ...filters, cursor: page * PAGE, limit: PAGE }),
    [api, JSON.stringify(filters), page, refreshKey],
  );
  const set = (patch: FleetTablesQuery) => {
    setPage(0);
    setFilters(f => ({ ...f, ...patch }));
  };
  const columns: TableColumn<FleetRow>[] = [
    {
      title: 'Table',
      render: row =>
        row.entityRef ? (
          <Link to={entityRoute(parseEntityRef(row.entityRef) as any)}>
            {row.table.name}
          </Link>
        ) : (
          row.table.name
        ),
    },
    { title: 'Account', render: row => row.table.accountId },
    { title: 'Region', render: row => row.table.region },
    {
      title: 'Key type',
      render: row =>
        KEY_TYPE_LABELS[row.encryption.keyType] +
        (row.encryption.keyState && row.encryption.keyState !== 'Enabled'
          ? ` (${row.encryption.keyState})`
          : ''),
    },
    { title: 'Alias', render: row => row.encryption.aliases.join(', ') || '—' },
    {
      title: 'Rotation',
      render: row => rotationLabel(row.encryption),
    },
    { title: 'Cost', render: row => monthlyCostLabel(row.cost) },
    { title: 'Owner', render: row => row.owner ?? 'unowned' },
    {
      title: 'Top finding',
      render: row =>
        row.findings[0]
          ? `${row.findings[0].severity}: ${row.findings[0].title}`
          : '—',
    },
  ];
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mb={2}>
        <TextField
          select
          id="fleet-filter-key-type"
          label="Key type"
          value={filters.keyType ?? ''}
          style={{ minWidth: 180 }}
          onChange={e =>
            set({ keyType: (e.target.value || undefined) as KeyType })
          }
        >
          <MenuItem value="">All</MenuItem>
          {OBSERVED_KEY_TYPES.map(k => (
            <MenuItem key={k} value={k}>
              {KEY_TYPE_LABELS[k]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="fleet-filter-account"
          label="Account"
          value={filters.accountId ?? ''}
          onChange={e => set({ accountId: e.target.value || undefined })}
        />
        <TextField
          id="fleet-filter-region"
          label="Region"
          value={filters.region ?? ''}
          onChange={e => set({ region: e.target.value || undefined })}
        />
        <TextField
          id="fleet-filter-owner"
          label="Owner"
          value={filters.owner ?? ''}
          onChange={e => set({ owner: e.target.value || undefined })}
        />
        <TextField
          id="fleet-filter-finding-id"
          label="Finding id"
          value={filters.finding ?? ''}
          onChange={e => set({ finding: e.target.value || undefined })}
        />
        <TextField
          select
          id="fleet-filter-sort"
          label="Sort"
          value={filters.sort ?? 'severity'}
          onChange={e =>
            set({ sort: e.target.value as FleetTablesQuery['sort'] })
          }
        >
          <MenuItem value="severity">Most severe first</MenuItem>
          <MenuItem value="cost">Costliest first</MenuItem>
          <MenuItem value="name">Name</MenuItem>
        </TextField>
      </Box>
      <Table<FleetRow>
        title={`Tables (${value?.total ?? 0})`}
        isLoading={loading}
        emptyContent={
          error
            ? `Could not load the tables: ${error.message}`
            : 'No scanned table matches.'
        }
        options={{
          search: false,
          paging: true,
          pageSize: PAGE,
          pageSizeOptions: [PAGE],
          padding: 'dense',
        }}
        columns={columns}
        data={value?.items ?? []}
        page={page}
        totalCount={value?.total ?? 0}
        onPageChange={setPage}
      />
    </>
  );
}
