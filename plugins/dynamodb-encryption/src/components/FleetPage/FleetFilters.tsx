import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  FleetSummary,
  KEY_TYPE_LABELS,
  OBSERVED_KEY_TYPES,
  SEVERITIES,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { accountLabel } from './format';
import { downloadFleetCsv } from './exportCsv';
import { keyName } from './format';
import { useFleetQuery } from './useFleetQuery';

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

function Choice(props: {
  id: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  all?: string;
}) {
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value ?? ''}
      style={{ minWidth: 150 }}
      onChange={e => props.onChange(e.target.value)}
    >
      {props.all !== undefined && <MenuItem value="">{props.all}</MenuItem>}
      {props.options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The filters and sort of the fleet table (kept in the URL), and the export of what they select. */
export function FleetFilters({
  summary,
  total,
}: {
  summary?: FleetSummary;
  total: number;
}) {
  const { filters, setFilters } = useFleetQuery();
  const accounts = summary?.accounts ?? [];
  const regions = [...new Set(accounts.flatMap(a => a.regions))].sort();
  const key = filters.kmsKeyArn
    ? summary?.cost.byKey.find(k => k.kmsKeyArn === filters.kmsKeyArn)
    : undefined;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mb={2}>
      <Choice
        id="fleet-filter-account"
        label="Account"
        all="All"
        value={filters.accountId}
        options={accounts.map(a => ({
          value: a.accountId,
          label: accountLabel(a.accountId, accounts),
        }))}
        onChange={v => setFilters({ accountId: v })}
      />
      <Choice
        id="fleet-filter-region"
        label="Region"
        all="All"
        value={filters.region}
        options={regions.map(r => ({ value: r, label: r }))}
        onChange={v => setFilters({ region: v })}
      />
      <Choice
        id="fleet-filter-key-type"
        label="Key type"
        all="All"
        value={filters.keyType}
        options={OBSERVED_KEY_TYPES.map(k => ({
          value: k,
          label: KEY_TYPE_LABELS[k],
        }))}
        onChange={v => setFilters({ keyType: v })}
      />
      <Choice
        id="fleet-filter-rotation"
        label="Rotation"
        all="All"
        value={filters.rotation}
        options={[
          { value: 'enabled', label: 'On' },
          { value: 'disabled', label: 'Off' },
        ]}
        onChange={v => setFilters({ rotation: v })}
      />
      <Choice
        id="fleet-filter-severity"
        label="Most severe finding"
        all="All"
        value={filters.severity}
        options={SEVERITIES.map(s => ({ value: s, label: s }))}
        onChange={v => setFilters({ severity: v })}
      />
      <TextField
        id="fleet-filter-owner"
        label="Owner"
        value={filters.owner ?? ''}
        onChange={e => setFilters({ owner: e.target.value })}
      />
      <TextField
        id="fleet-filter-finding-id"
        label="Finding id"
        value={filters.finding ?? ''}
        onChange={e => setFilters({ finding: e.target.value })}
      />
      <Choice
        id="fleet-filter-sort"
        label="Sort"
        value={filters.sort ?? 'severity'}
        options={[
          { value: 'severity', label: 'Most severe first' },
          { value: 'cost', label: 'Costliest first' },
          { value: 'name', label: 'Name' },
        ]}
        onChange={v => setFilters({ sort: v })}
      />
      {filters.kmsKeyArn && (
        <Box alignSelf="center">
          <Chip
            label={`Key: ${keyName(key ?? { kmsKeyArn: filters.kmsKeyArn })}`}
            title={filters.kmsKeyArn}
            onDelete={() => setFilters({ kmsKeyArn: '' })}
          />
        </Box>
      )}
      <Box flexGrow={1} />
      <Box alignSelf="center">
        <ExportButton total={total} />
      </Box>
    </Box>
  );
}
