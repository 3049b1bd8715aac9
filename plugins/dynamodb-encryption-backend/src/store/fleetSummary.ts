import type {
  FleetRow,
  FleetSummary,
  ObservedKeyType,
  Severity,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { applyFleetFilter, FleetRowFilter } from './fleetFilter';
import { SCANS, SNAPSHOT_STATUSES, TABLES } from './fleetRows';

/**
 * The dashboard's figures for one complete scan, computed in the database (grouped queries, one row per
 * key type, key, owner and severity), and the trend over the last 30 complete scans; with a `filter` (the
 * permission policy's conditions), of the rows it allows only, in every scan of the trend. Empty figures
 * when there is no complete scan yet.
 */
export async function computeFleetSummary(
  knex: Knex,
  scanId: number | undefined,
  filter?: FleetRowFilter,
): Promise<Omit<FleetSummary, 'scan'>> {
  const empty: Omit<FleetSummary, 'scan'> = {
    tables: 0,
    staleTables: 0,
    byKeyType: {
      AWS_OWNED: 0,
      AWS_MANAGED: 0,
      CUSTOMER_MANAGED: 0,
      UNKNOWN: 0,
    },
    rotation: { eligible: 0, rotated: 0 },
    cost: { monthlyUsd: 0, byKey: [], byOwner: [] },
    findings: {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      unowned: 0,
    },
    trend: [],
  };
  if (scanId === undefined) return empty;
  const rows = () =>
    applyFleetFilter(knex(TABLES).where({ scan_id: scanId }), filter);
  for (const r of (await rows()
    .groupBy('key_type')
    .select('key_type')
    .count({ n: '*' })
    .sum({ usd: 'monthly_usd' })) as any[]) {
    empty.byKeyType[r.key_type as ObservedKeyType] = Number(r.n);
    empty.tables += Number(r.n);
    empty.cost.monthlyUsd += Number(r.usd ?? 0);
  }
  empty.cost.monthlyUsd = Math.round(empty.cost.monthlyUsd * 100) / 100;
  empty.staleTables = Number(
    (await rows().where({ stale: true }).count({ n: '*' }).first())?.n ?? 0,
  );
  const rotated = await rows()
    .where({ key_type: 'CUSTOMER_MANAGED', rotation_enabled: true })
    .count({ n: '*' })
    .first();
  empty.rotation = {
    // Rotation is the customer's to turn on only for customer managed keys.
    eligible: empty.byKeyType.CUSTOMER_MANAGED,
    rotated: Number(rotated?.n ?? 0),
  };
  empty.cost.byKey = (
    (await rows()
      .whereNotNull('kms_key_arn')
      .groupBy('kms_key_arn')
      .select('kms_key_arn')
      .count({ n: '*' })
      .sum({ usd: 'monthly_usd' })
      .orderBy('usd', 'desc')
      .limit(20)) as any[]
  ).map(r => ({
    kmsKeyArn: String(r.kms_key_arn),
    tables: Number(r.n),
    monthlyUsd: Math.round(Number(r.usd) * 10_000) / 10_000,
  }));
  // Keys are known by their aliases: one row per key (at most 20) carries them.
  const keyRows = (await rows()
    .whereIn(
      'arn',
      rows()
        .whereIn(
          'kms_key_arn',
          empty.cost.byKey.map(k => k.kmsKeyArn),
        )
        .groupBy('kms_key_arn')
        .min('arn'),
    )
    .select('kms_key_arn', 'row')) as { kms_key_arn: string; row: string }[];
  const aliases = new Map(
    keyRows.map(r => [
      r.kms_key_arn,
      (JSON.parse(r.row) as FleetRow).encryption.aliases,
    ]),
  );
  for (const key of empty.cost.byKey)
    key.aliases = aliases.get(key.kmsKeyArn) ?? [];
  empty.cost.byOwner = (
    (await rows()
      .groupBy('owner')
      .select('owner')
      .count({ n: '*' })
      .sum({ usd: 'monthly_usd' })
      .orderBy('usd', 'desc')
      .limit(20)) as any[]
  ).map(r => ({
    owner: r.owner ? String(r.owner) : '(unowned)',
    tables: Number(r.n),
    monthlyUsd: Math.round(Number(r.usd) * 10_000) / 10_000,
  }));
  for (const r of (await rows()
    .whereNotNull('max_severity')
    .groupBy('max_severity')
    .select('max_severity')
    .count({ n: '*' })) as any[]) {
    empty.findings.bySeverity[r.max_severity as Severity] = Number(r.n);
  }
  empty.findings.unowned = Number(
    (await rows().whereNull('owner').count({ n: '*' }).first())?.n ?? 0,
  );
  // One grouped query for the whole history, not a query per scan and figure. A filter narrows the rows
  // before the join (a subquery named as the table, so the sums below read the same), so a scan with none
  // of the reader's rows still has its point, at zero.
  const joined = filter
    ? applyFleetFilter(knex(TABLES), filter).as(TABLES)
    : TABLES;
  const history = (await knex(SCANS)
    .leftJoin(joined, `${TABLES}.scan_id`, `${SCANS}.id`)
    .whereIn(`${SCANS}.status`, SNAPSHOT_STATUSES)
    .groupBy(`${SCANS}.id`, `${SCANS}.finished_at`)
    .orderBy(`${SCANS}.id`, 'desc')
    .limit(30)
    .select(
      `${SCANS}.id as id`,
      `${SCANS}.finished_at as finished_at`,
      knex.raw(`count(${TABLES}.arn) as tables`),
      knex.raw(
        `sum(case when key_type = 'AWS_OWNED' then 1 else 0 end) as owned`,
      ),
      knex.raw(
        `sum(case when key_type = 'AWS_MANAGED' then 1 else 0 end) as managed`,
      ),
      knex.raw(
        `sum(case when key_type = 'CUSTOMER_MANAGED' then 1 else 0 end) as cmk`,
      ),
      knex.raw(`sum(monthly_usd) as usd`),
      knex.raw(
        `sum(case when key_type = 'CUSTOMER_MANAGED' and rotation_enabled = ? then 1 else 0 end) as rotated`,
        [true],
      ),
      knex.raw(
        `sum(case when max_severity in ('critical', 'high') then 1 else 0 end) as severe`,
      ),
    )) as any[];
  empty.trend = history.reverse().map(h => ({
    scanId: Number(h.id),
    finishedAt: new Date(h.finished_at).toISOString(),
    tables: Number(h.tables),
    awsOwned: Number(h.owned),
    awsManaged: Number(h.managed),
    customerManaged: Number(h.cmk),
    rotated: Number(h.rotated),
    severeFindings: Number(h.severe),
    monthlyUsd: Math.round(Number(h.usd ?? 0) * 100) / 100,
  }));
  return empty;
}
