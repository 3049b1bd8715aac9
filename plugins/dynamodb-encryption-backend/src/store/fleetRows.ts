import { SEVERITIES } from '@dynamodb-encryption/backstage-plugin-common';
import type {
  FleetRow,
  FleetScanStatus,
  FleetTablesQuery,
  Severity,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { applyFleetFilter, FleetRowFilter } from './fleetFilter';

/**
 * The plugin's database tables: scans, their rows, what running scans staged, the events received and the
 * events queue's state.
 */
export const SCANS = 'dynamodb_encryption_scans';
export const TABLES = 'dynamodb_encryption_tables';
export const OBSERVATIONS = 'dynamodb_encryption_observations';
export const EVENTS = 'dynamodb_encryption_events';
export const EVENT_QUEUE = 'dynamodb_encryption_event_queue';

/**
 * The scans readers see: complete ones, and partial ones (some parts kept from an earlier scan, marked
 * stale). A failed or running scan is never read.
 */
export const SNAPSHOT_STATUSES = ['complete', 'partial'];

/** A scan as readers see it, from its row. */
export function toScanStatus(row: any): FleetScanStatus {
  return {
    id: row.id,
    status: row.status,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at
      ? new Date(row.finished_at).toISOString()
      : undefined,
    progress: { done: row.done, total: row.total },
    awsRequests: row.aws_requests,
    errors: row.errors ? JSON.parse(row.errors) : [],
    unreachableAccounts: row.unreachable_accounts
      ? JSON.parse(row.unreachable_accounts)
      : [],
    staleParts: row.stale_parts ? JSON.parse(row.stale_parts) : [],
  };
}

/** A fleet row as stored: the row itself, and the columns the dashboard filters, sorts and sums by. */
export function toTableRecord(scanId: number, r: FleetRow) {
  const order = (s?: Severity) =>
    s ? SEVERITIES.indexOf(s) : SEVERITIES.length;
  return {
    scan_id: scanId,
    arn: r.table.arn,
    account_id: r.table.accountId,
    region: r.table.region,
    table_name: r.table.name,
    key_type: r.encryption.keyType,
    kms_key_arn: r.encryption.kmsKeyArn ?? null,
    owner: r.owner ?? null,
    entity_ref: r.entityRef ?? null,
    monthly_usd: r.cost.monthlyUsd,
    rotation_enabled: r.encryption.rotation
      ? r.encryption.rotation.enabled
      : null,
    max_severity:
      r.findings.map(f => f.severity).sort((a, b) => order(a) - order(b))[0] ??
      null,
    finding_ids: ` ${r.findings.map(f => f.id).join(' ')} `,
    stale: !!r.stale,
    read_at: r.readAt ? new Date(r.readAt) : null,
    row: JSON.stringify(r),
  };
}

/**
 * The rows of one scan that match the filters and the reader's `filter` (the permission policy's
 * conditions), in the requested order (`base` unsorted, for counting).
 */
export function selectFleetRows(
  knex: Knex,
  scanId: number,
  query: FleetTablesQuery,
  filter?: FleetRowFilter,
) {
  const base = applyFleetFilter(
    knex(TABLES).where({ scan_id: scanId }),
    filter,
  );
  if (query.accountId) base.andWhere({ account_id: query.accountId });
  if (query.region) base.andWhere({ region: query.region });
  if (query.keyType) base.andWhere({ key_type: query.keyType });
  if (query.owner) base.andWhere({ owner: query.owner });
  if (query.kmsKeyArn) base.andWhere({ kms_key_arn: query.kmsKeyArn });
  if (query.severity) base.andWhere({ max_severity: query.severity });
  if (query.rotation)
    base.andWhere({ rotation_enabled: query.rotation === 'enabled' });
  if (query.finding)
    base.andWhere(
      'finding_ids',
      'like',
      `% ${query.finding.replace(/[%_\\]/g, '')} %`,
    );
  const sorted = base.clone();
  if (query.sort === 'cost')
    sorted.orderBy([{ column: 'monthly_usd', order: 'desc' }, 'arn']);
  else if (query.sort === 'severity')
    sorted.orderByRaw(
      `CASE max_severity ${SEVERITIES.map(
        (s, i) => `WHEN '${s}' THEN ${i}`,
      ).join(' ')} ELSE 9 END, arn`,
    );
  else sorted.orderBy(['table_name', 'arn']);
  return { base, sorted };
}
