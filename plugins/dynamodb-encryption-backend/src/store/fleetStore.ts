import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  DiscoveredTable,
  FleetAccount,
  FleetRow,
  FleetScanStatus,
  FleetSummary,
  FleetTablesQuery,
  StalePart,
  UnreachableAccount,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import {
  SCANS,
  selectFleetRows,
  SNAPSHOT_STATUSES,
  TABLES,
  toScanStatus,
  toTableRecord,
} from './fleetRows';
import { computeFleetSummary } from './fleetSummary';
import { carryForward, UnreadPart } from './carryForward';
import { ObservationStage } from './observationStage';

export type { UnreadPart };
import { runExclusively } from './startupLock';

/** A fleet query with its page size decided. */
export type FleetQuery = FleetTablesQuery & { limit: number };

/**
 * Fleet scans in the plugin's database. Readers always see the latest snapshot (a complete scan, or a
 * partial one that kept the parts it could not read from the snapshot before), so a failed or interrupted
 * scan never replaces it; older scans are kept for trends until `retainScans` is exceeded.
 */
export class FleetStore {
  static async create(
    database: DatabaseService,
    options: { retainScans: number; logger?: LoggerService },
  ) {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      const directory = resolvePackagePath(
        '@dynamodb-encryption/backstage-plugin-backend',
        'migrations',
      );
      await runExclusively(
        database,
        { step: 'the fleet store migrations', logger: options.logger },
        () => knex.migrate.latest({ directory }),
      );
    }
    return new FleetStore(knex, options.retainScans);
  }

  /** What running scans have read, until they assess it (see `ObservationStage`). */
  readonly stage: ObservationStage;

  constructor(
    private readonly knex: Knex,
    private readonly retainScans: number,
  ) {
    this.stage = new ObservationStage(knex);
  }

  async startScan(): Promise<number> {
    const [row] = await this.knex(SCANS)
      .insert({ status: 'running', started_at: new Date() })
      .returning('id');
    return typeof row === 'object' ? row.id : row;
  }

  async progress(
    scanId: number,
    delta: { total?: number; done?: number; awsRequests?: number },
  ) {
    await this.knex(SCANS)
      .where({ id: scanId })
      .increment({
        total: delta.total ?? 0,
        done: delta.done ?? 0,
        aws_requests: delta.awsRequests ?? 0,
      });
  }

  /** Writes rows of a running scan; called with each batch as it is read. */
  async addRows(scanId: number, rows: FleetRow[]) {
    if (!rows.length) return;
    const records = rows.map(r => toTableRecord(scanId, r));
    // SQLite caps bound parameters per statement; 14 columns x 50 rows stays well below it.
    await this.knex.batchInsert(TABLES, records, 50);
  }

  async finishScan(
    scanId: number,
    status: 'complete' | 'partial' | 'failed',
    errors: string[],
    unreachableAccounts: UnreachableAccount[] = [],
    accounts: FleetAccount[] = [],
    staleParts: StalePart[] = [],
  ) {
    await this.knex(SCANS)
      .where({ id: scanId })
      .update({
        status,
        finished_at: new Date(),
        errors: JSON.stringify(errors),
        unreachable_accounts: JSON.stringify(unreachableAccounts),
        accounts: JSON.stringify(accounts),
        stale_parts: JSON.stringify(staleParts),
      });
    await this.stage.clear([scanId]);
    if (status !== 'failed') {
      const keep = await this.knex(SCANS)
        .whereIn('status', SNAPSHOT_STATUSES)
        .orderBy('id', 'desc')
        .limit(this.retainScans)
        .select('id');
      const oldest = keep[keep.length - 1]?.id;
      if (oldest !== undefined) {
        const stale = this.knex(SCANS).where('id', '<', oldest).select('id');
        await this.knex(TABLES).whereIn('scan_id', stale).delete();
        await this.knex(SCANS).where('id', '<', oldest).delete();
      }
      // Computed once, after pruning, so readers get one row whatever the estate's size.
      await this.knex(SCANS)
        .where({ id: scanId })
        .update({ summary: JSON.stringify(await this.computeSummary()) });
    }
  }

  /**
   * Marks scans still running after `olderThanMs` as failed: their process stopped (a live scan is ended by
   * the scheduler's timeout first), so they are never read as complete.
   */
  async failAbandonedScans(olderThanMs: number) {
    await this.knex(SCANS)
      .where({ status: 'running' })
      .andWhere('started_at', '<', new Date(Date.now() - olderThanMs))
      .update({
        status: 'failed',
        finished_at: new Date(),
        errors: JSON.stringify(['interrupted']),
      });
    await this.stage.clear(
      this.knex(SCANS).whereNot({ status: 'running' }).select('id'),
    );
  }

  async latestScan(): Promise<FleetScanStatus | undefined> {
    const row = await this.knex(SCANS).orderBy('id', 'desc').first();
    return row ? toScanStatus(row) : undefined;
  }

  private async latestCompleteId(): Promise<number | undefined> {
    return (await this.latestSnapshot())?.id;
  }

  /** The scan readers see: the latest complete or partial one. */
  private async latestSnapshot(before?: number): Promise<any | undefined> {
    const query = this.knex(SCANS).whereIn('status', SNAPSHOT_STATUSES);
    if (before !== undefined) query.andWhere('id', '<', before);
    return query.orderBy('id', 'desc').first();
  }

  /**
   * Keeps, in scan `scanId`, the rows the snapshot before it had for each part this scan could not read,
   * marked stale (see `carryForward`).
   */
  async carryForward(
    scanId: number,
    parts: UnreadPart[],
    rejoin: (row: FleetRow) => FleetRow,
  ): Promise<StalePart[]> {
    return carryForward(this.knex, {
      previous: await this.latestSnapshot(scanId),
      parts,
      rejoin,
      write: rows => this.addRows(scanId, rows),
    });
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
    const scanId = await this.latestCompleteId();
    if (scanId === undefined) return undefined;
    const row = await this.knex(TABLES)
      .where({ scan_id: scanId, arn })
      .first('row');
    return row ? (JSON.parse(row.row) as FleetRow) : undefined;
  }

  /** Rows of the latest complete scan, filtered and sorted in the database, a page at a time. */
  async listTables(
    query: FleetQuery,
  ): Promise<{ items: FleetRow[]; nextCursor?: number; total: number }> {
    const scanId = await this.latestCompleteId();
    if (scanId === undefined) return { items: [], total: 0 };
    const { base, sorted } = selectFleetRows(this.knex, scanId, query);
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
    pageSize = 500,
  ): AsyncGenerator<FleetRow> {
    const scanId = await this.latestCompleteId();
    if (scanId === undefined) return;
    for (let offset = 0; ; offset += pageSize) {
      const rows = await selectFleetRows(this.knex, scanId, query)
        .sorted.offset(offset)
        .limit(pageSize)
        .select('row');
      for (const r of rows) yield JSON.parse(r.row) as FleetRow;
      if (rows.length < pageSize) return;
    }
  }

  /**
   * The dashboard's summary: the latest scan's status, and the figures of the latest complete scan, which
   * were computed once when that scan completed (one row read, whatever the estate's size).
   */
  async summary(): Promise<FleetSummary> {
    const scan = await this.latestScan();
    const complete = await this.latestSnapshot();
    const figuresScan = complete ? toScanStatus(complete) : undefined;
    // The accounts the figures' scan covered, named as it resolved them.
    const accounts: FleetAccount[] | undefined = complete?.accounts
      ? JSON.parse(complete.accounts)
      : undefined;
    const figures = complete?.summary
      ? JSON.parse(complete.summary)
      : await this.computeSummary();
    return { ...figures, scan, figuresScan, accounts };
  }

  private async computeSummary(): Promise<Omit<FleetSummary, 'scan'>> {
    return computeFleetSummary(this.knex, await this.latestCompleteId());
  }
}
