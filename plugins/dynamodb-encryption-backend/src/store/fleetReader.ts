import type {
  DiscoveredTable,
  FleetAccount,
  FleetRow,
  FleetScanStatus,
  FleetSummary,
  FleetTablesPage,
  FleetTablesQuery,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { applyFleetFilter, FleetRowFilter } from './fleetFilter';
import {
  SCANS,
  selectFleetRows,
  SNAPSHOT_STATUSES,
  TABLES,
  toScanStatus,
} from './fleetRows';
import { computeFleetSummary } from './fleetSummary';

/** A fleet query with its page size decided. */
export type FleetQuery = FleetTablesQuery & { limit: number };

/**
 * The fleet as readers see it: the latest snapshot (a complete scan, or a partial one that kept the parts it
 * could not read from the snapshot before). Every read of rows takes the reader's filter (the permission
 * policy's conditions) into its queries; without one, the whole fleet and its precomputed summary.
 */
export class FleetReader {
  constructor(protected readonly knex: Knex) {}

  /** The latest scan, whatever its state; a filter recounts the rows it kept from an earlier scan. */
  async latestScan(
    filter?: FleetRowFilter,
  ): Promise<FleetScanStatus | undefined> {
    const row = await this.knex(SCANS).orderBy('id', 'desc').first();
    return row ? this.scopeStaleParts(toScanStatus(row), filter) : undefined;
  }

  protected async latestCompleteId(): Promise<number | undefined> {
    return (await this.latestSnapshot())?.id;
  }

  /** The scan readers see: the latest complete or partial one. */
  protected async latestSnapshot(before?: number): Promise<any | undefined> {
    const query = this.knex(SCANS).whereIn('status', SNAPSHOT_STATUSES);
    if (before !== undefined) query.andWhere('id', '<', before);
    return query.orderBy('id', 'desc').first();
  }

  /**
   * The tables of the latest complete scan that no catalog entity declares, for the catalog's entity
   * provider; undefined before the first complete scan (so the provider keeps what it has).
   */
  async undeclaredTables(): Promise<
    { scanId: number; tables: DiscoveredTable[] } | undefined
  > {
    const scanId = await this.latestCompleteId();
    if (scanId === undefined) return undefined;
    const rows = await this.knex(TABLES)
      .where({ scan_id: scanId })
      .whereNull('entity_ref')
      .orderBy('arn')
      .select('row');
    return {
      scanId,
      tables: rows.map(({ row }) => {
        const r: FleetRow = JSON.parse(row);
        return {
          tableName: r.table.name,
          accountId: r.table.accountId,
          region: r.table.region,
          owner: r.owner,
          system: r.system,
        };
      }),
    };
  }

  /** The latest complete scan's row of one table, if that scan saw it. */
  async latestRow(arn: string): Promise<FleetRow | undefined> {
    return (await this.latestRows([arn]))[0];
  }

  /** The latest complete scan's rows of these tables, in their order (undefined where it saw none). */
  async latestRows(arns: string[]): Promise<(FleetRow | undefined)[]> {
    const scanId = await this.latestCompleteId();
    if (scanId === undefined || !arns.length) return arns.map(() => undefined);
    const rows: { arn: string; row: string }[] = await this.knex(TABLES)
      .where({ scan_id: scanId })
      .whereIn('arn', arns)
      .select('arn', 'row');
    const byArn = new Map(rows.map(r => [r.arn, r.row]));
    return arns.map(arn => {
      const row = byArn.get(arn);
      return row ? (JSON.parse(row) as FleetRow) : undefined;
    });
  }

  /**
   * Every reading of one table the store keeps, oldest first: its row in each retained scan that readers
   * could see (complete or partial), with the scan's start, as re-read by AWS events where they did.
   */
  async tableReadings(
    arn: string,
  ): Promise<{ scanStartedAt: string; row: FleetRow }[]> {
    const rows: { started_at: unknown; row: string }[] = await this.knex(TABLES)
      .join(SCANS, `${SCANS}.id`, `${TABLES}.scan_id`)
      .whereIn(`${SCANS}.status`, SNAPSHOT_STATUSES)
      .andWhere(`${TABLES}.arn`, arn)
      .orderBy(`${SCANS}.id`)
      .select(`${SCANS}.started_at as started_at`, `${TABLES}.row as row`);
    return rows.map(r => ({
      scanStartedAt: new Date(r.started_at as string).toISOString(),
      row: JSON.parse(r.row) as FleetRow,
    }));
  }

  /** Rows of the latest complete scan, filtered and sorted in the database, a page at a time. */
  async listTables(
    query: FleetQuery,
    filter?: FleetRowFilter,
  ): Promise<Omit<FleetTablesPage, 'scope'>> {
    const scanId = await this.latestCompleteId();
    if (scanId === undefined) return { items: [], total: 0 };
    const { base, sorted } = selectFleetRows(this.knex, scanId, query, filter);
    const [{ count }] = await base.count({ count: '*' });
    const offset = query.cursor ?? 0;
    const rows = await sorted
      .offset(offset)
      .limit(query.limit + 1)
      .select('row');
    const items = rows
      .slice(0, query.limit)
      .map(r => JSON.parse(r.row) as FleetRow);
    return {
      items,
      total: Number(count),
      nextCursor: rows.length > query.limit ? offset + query.limit : undefined,
    };
  }

  /**
   * Every matching row of the latest complete scan (CSV export), read a page at a time so memory stays
   * flat at any fleet size. The scan is fixed when the export starts, so a scan finishing meanwhile does
   * not mix two snapshots.
   */
  async *allTables(
    query: Omit<FleetTablesQuery, 'cursor' | 'limit'> = {},
    filter?: FleetRowFilter,
    pageSize = 500,
  ): AsyncGenerator<FleetRow> {
    const scanId = await this.latestCompleteId();
    if (scanId === undefined) return;
    for (let offset = 0; ; offset += pageSize) {
      const rows = await selectFleetRows(this.knex, scanId, query, filter)
        .sorted.offset(offset)
        .limit(pageSize)
        .select('row');
      for (const r of rows) yield JSON.parse(r.row) as FleetRow;
      if (rows.length < pageSize) return;
    }
  }

  /**
   * The dashboard's summary: the latest scan's status, and the figures of the latest complete scan. The
   * whole fleet's figures were computed once when that scan completed (one row read, whatever the estate's
   * size); a filter's are computed now, in the database, from the rows it allows.
   */
  async summary(filter?: FleetRowFilter): Promise<FleetSummary> {
    const scan = await this.latestScan(filter);
    const complete = await this.latestSnapshot();
    const figuresScan = complete
      ? await this.scopeStaleParts(toScanStatus(complete), filter)
      : undefined;
    // The accounts the figures' scan covered, named as it resolved them.
    const accounts: FleetAccount[] | undefined = complete?.accounts
      ? JSON.parse(complete.accounts)
      : undefined;
    const figures =
      !filter && complete?.summary
        ? JSON.parse(complete.summary)
        : await computeFleetSummary(this.knex, complete?.id, filter);
    return { ...figures, scan, figuresScan, accounts };
  }

  protected async computeSummary(): Promise<Omit<FleetSummary, 'scan'>> {
    return computeFleetSummary(this.knex, await this.latestCompleteId());
  }

  /**
   * The rows a scan kept from an earlier one, counted for the filter's reader: the parts stay (what the scan
   * could not read is the same for everyone), their table counts are the reader's rows.
   */
  private async scopeStaleParts(
    status: FleetScanStatus,
    filter: FleetRowFilter,
  ): Promise<FleetScanStatus> {
    if (!filter || !status.staleParts?.length) return status;
    const counts = (await applyFleetFilter(
      this.knex(TABLES).where({ scan_id: status.id, stale: true }),
      filter,
    )
      .groupBy('account_id', 'region')
      .select('account_id', 'region')
      .count({ n: '*' })) as { account_id: string; region: string; n: any }[];
    const key = (accountId: string, region: string) => `${accountId} ${region}`;
    const tables = new Map(
      counts.map(c => [key(c.account_id, c.region), Number(c.n)]),
    );
    return {
      ...status,
      staleParts: status.staleParts.map(p => ({
        ...p,
        tables: tables.get(key(p.accountId, p.region)) ?? 0,
      })),
    };
  }
}
