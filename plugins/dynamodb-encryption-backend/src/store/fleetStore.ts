import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  FleetAccount,
  FleetRow,
  StalePart,
  UnreachableAccount,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { SCANS, SNAPSHOT_STATUSES, TABLES, toTableRecord } from './fleetRows';
import { carryForward, UnreadPart } from './carryForward';
import { EventLog } from './eventLog';
import { EventRows } from './eventRows';
import { FleetReader } from './fleetReader';
import { ObservationStage } from './observationStage';
import { runExclusively } from './startupLock';

export type { UnreadPart };
export type { FleetQuery } from './fleetReader';

/**
 * Fleet scans in the plugin's database. Readers always see the latest snapshot (a complete scan, or a
 * partial one that kept the parts it could not read from the snapshot before), so a failed or interrupted
 * scan never replaces it; older scans are kept for trends until `retainScans` is exceeded. What readers see
is `FleetReader`'s; this adds the scans' writes.
 */
export class FleetStore extends FleetReader {
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
  /** The rows AWS events re-read, stored in the snapshot readers see (see `EventRows`). */
  readonly eventRows: EventRows;
  /** The events received and the queue's state (see `EventLog`). */
  readonly eventLog: EventLog;

  constructor(knex: Knex, private readonly retainScans: number) {
    super(knex);
    this.stage = new ObservationStage(knex);
    this.eventRows = new EventRows(knex);
    this.eventLog = new EventLog(knex);
  }

  /** The id of the snapshot readers see, which events update; undefined before the first scan. */
  async snapshotId(): Promise<number | undefined> {
    return this.latestCompleteId();
  }

  /** The id of the snapshot before scan `scanId`, if any. */
  async snapshotBefore(scanId: number): Promise<number | undefined> {
    return (await this.latestSnapshot(scanId))?.id;
  }

  /** The accounts and regions the snapshot covered (undefined before the first scan). */
  async coveredAccounts(): Promise<FleetAccount[] | undefined> {
    const snapshot = await this.latestSnapshot();
    return snapshot?.accounts ? JSON.parse(snapshot.accounts) : undefined;
  }

  /** Computes the snapshot's whole-fleet figures again, after events changed its rows. */
  async refreshSummary(scanId: number) {
    await this.knex(SCANS)
      .where({ id: scanId })
      .update({ summary: JSON.stringify(await this.computeSummary()) });
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

  /**
   * Brings into scan `scanId` what events stored in the snapshot before it after it started: newer than this
   * scan's reads (see `EventRows.carryNewer`). Idempotent.
   */
  private async carryNewer(scanId: number) {
    const previous = await this.latestSnapshot(scanId);
    const scan = await this.knex(SCANS).where({ id: scanId }).first();
    if (previous && scan)
      await this.eventRows.carryNewer(
        scanId,
        previous.id,
        new Date(scan.started_at),
      );
  }

  async finishScan(
    scanId: number,
    status: 'complete' | 'partial' | 'failed',
    errors: string[],
    unreachableAccounts: UnreachableAccount[] = [],
    accounts: FleetAccount[] = [],
    staleParts: StalePart[] = [],
  ) {
    if (status !== 'failed') await this.carryNewer(scanId);
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
      // Again once readers see this scan: an event stored in the snapshot before in the meantime is kept.
      await this.carryNewer(scanId);
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
}
