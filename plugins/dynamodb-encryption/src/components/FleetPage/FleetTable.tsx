import { Link, Table, TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  FleetRow,
  FleetTablesQuery,
  KEY_TYPE_LABELS,
  KEY_TYPES,
  KeyType,
} from '@internal/plugin-dynamodb-encryption-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { downloadFleetCsv } from './exportCsv';
import { PAGE_SIZES, useFleetQuery } from './useFleetQuery';

function ExportButton({ total }: { total: number }) {
  const api = useApi(dynamoDbEncryptionApiRef);
  const alerts = useApi(alertApiRef);
  const { filters } = useFleetQuery();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadFleetCsv(api, filters, total);
    } catch (e) {
      alerts.post({
        message: `Could not export the tables: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      onClick={run}
      disabled={busy}
      title="Download every table matching the filters as CSV"
    >
      {busy ? 'Exporting…' : 'Export CSV'}
    </Button>
  );
}

/** The scanned tables, filtered, sorted and paged by the backend, so it stays fast at any fleet size. */
export function FleetTable({ refreshKey }: { refreshKey: number }) {
  const api = useApi(dynamoDbEncryptionApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { filters, page, pageSize, setFilters, setPage, setPageSize } =
    useFleetQuery();
  const { value, loading, error } = useAsync(
    () =>
      api.listFleetTables({
        ...filters,
        cursor: page * pageSize,
        limit: pageSize,
      }),
    [api, JSON.stringify(filters), page, pageSize, refreshKey],
  );
  const set = (patch: Partial<Record<keyof FleetTablesQuery, string>>) =>
    setFilters(patch);
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
      render: row =>
        row.encryption.rotation
          ? row.encryption.rotation.enabled
            ? 'On'
            : 'Off'
          : '—',
    },
    { title: 'USD / month', render: row => row.cost.monthlyUsd.toFixed(2) },
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
          onChange={e => set({ keyType: e.target.value as KeyType | '' })}
        >
          <MenuItem value="">All</MenuItem>
          {KEY_TYPES.map(k => (
            <MenuItem key={k} value={k}>
              {KEY_TYPE_LABELS[k]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="fleet-filter-account"
          label="Account"
          value={filters.accountId ?? ''}
          onChange={e => set({ accountId: e.target.value })}
        />
        <TextField
          id="fleet-filter-region"
          label="Region"
          value={filters.region ?? ''}
          onChange={e => set({ region: e.target.value })}
        />
        <TextField
          id="fleet-filter-owner"
          label="Owner"
          value={filters.owner ?? ''}
          onChange={e => set({ owner: e.target.value })}
        />
        <TextField
          id="fleet-filter-finding-id"
          label="Finding id"
          value={filters.finding ?? ''}
          onChange={e => set({ finding: e.target.value })}
        />
        <TextField
          select
          id="fleet-filter-sort"
          label="Sort"
          value={filters.sort ?? 'severity'}
          onChange={e => set({ sort: e.target.value })}
        >
          <MenuItem value="severity">Most severe first</MenuItem>
          <MenuItem value="cost">Costliest first</MenuItem>
          <MenuItem value="name">Name</MenuItem>
        </TextField>
        <Box flexGrow={1} />
        <Box alignSelf="center">
          <ExportButton total={value?.total ?? 0} />
        </Box>
      </Box>
      <Table<FleetRow>
        title={value ? `Tables (${value.total})` : 'Tables'}
        isLoading={loading}
        emptyContent={
          error
            ? `Could not load the tables: ${error.message}`
            : 'No scanned table matches.'
        }
        options={{
          search: false,
          paging: true,
          pageSize,
          pageSizeOptions: PAGE_SIZES,
          padding: 'dense',
        }}
        columns={columns}
        data={value?.items ?? []}
        page={page}
        totalCount={value?.total ?? 0}
        onPageChange={setPage}
        onRowsPerPageChange={setPageSize}
      />
    </>
  );
}
