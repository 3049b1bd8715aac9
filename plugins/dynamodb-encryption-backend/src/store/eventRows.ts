import {
  FleetContext,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { EVENTS, TABLES, toTableRecord } from './fleetRows';

/** A table an event found deleted, and when AWS said so. */
export interface DeletedTable {
  arn: string;
  readAt: string;
}

/** What storing re-read rows changed: each stored row with the one it replaced (undefined for a new table). */
export interface AppliedRow {
  row: FleetRow;
  previous?: FleetRow;
}

const ms = (t: unknown) => new Date(t as string).getTime();

/** What a re-read table's context is counted from: its key, that key's account, and whether it calls KMS. */
export interface ContextFacts {
  kmsKeyArn?: string;
  keyAccountId: string;
  callsKms: boolean;
}

/** Bound parameters of one `IN` list, well below SQLite's and PostgreSQL's limits. */
function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/**
 * The rows AWS events re-read, in the snapshot readers see. Every write is guarded by when AWS was read
 * (`read_at`): a row is replaced only by a later read, so a repeated or out-of-order message, or a slower
 * consumer, never puts older data over newer.
 */
export class EventRows {
  constructor(private readonly knex: Knex) {}

  /** The snapshot's rows of tables protected by these keys, or in `accountId`/`region` naming `alias`. */
  async rowsOfKeys(
    scanId: number,
    keys: {
      kmsKeyArns: string[];
      aliases: { accountId: string; region: string; alias: string }[];
    },
  ): Promise<FleetRow[]> {
    const rows: { row: string }[] = [];
    if (keys.kmsKeyArns.length)
      rows.push(
        ...(await this.knex(TABLES)
          .where({ scan_id: scanId })
          .whereIn('kms_key_arn', keys.kmsKeyArns)
          .select('row')),
      );
    for (const a of keys.aliases) {
      // Aliases live in the row's JSON only; the account and region narrow the search to one part.
      const quoted = JSON.stringify(a.alias).replace(/[%_\\]/g, c => `\\${c}`);
      rows.push(
        ...(await this.knex(TABLES)
          .where({ scan_id: scanId, account_id: a.accountId, region: a.region })
          .andWhereRaw(`row like ? escape '\\'`, [`%${quoted}%`])
          .select('row')),
      );
    }
    const byArn = new Map<string, FleetRow>();
    for (const { row } of rows) {
      const r: FleetRow = JSON.parse(row);
      byArn.set(r.table.arn, r);
    }
    return [...byArn.values()];
  }

  /**
   * The estate's context for a re-read table, counted in the snapshot as if the table were already stored
   * with `encryption`: the tables sharing its key, and the KMS-calling tables of its key's account.
   */
  async contextFor(
    scanId: number,
    arn: string,
    facts: ContextFacts,
  ): Promise<FleetContext> {
    return (await this.contextsFor(scanId, [{ arn, ...facts }]))[0];
  }

  /**
   * `contextFor` of each re-read table of a batch, with three grouped queries whatever the batch's size: its
   * tables' own rows (each taken out of the counts it is in), the tables on its keys, and the KMS-calling
   * tables by key, summed by the key's account here.
   */
  async contextsFor(
    scanId: number,
    tables: ({ arn: string } & ContextFacts)[],
  ): Promise<FleetContext[]> {
    if (!tables.length) return [];
    // Tables whose key (AWS managed or customer managed, enabled) lives in the key's account: the rows'
    // `kms_calls_account` is not stored, so counted by the key ARN's account and the key type.
    const callsKmsSql = `case when key_type in ('AWS_MANAGED', 'CUSTOMER_MANAGED') and row not like ? and row not like ? then 1 else 0 end`;
    const unusable = [
      '%"keyState":"Disabled"%',
      '%"keyState":"PendingDeletion"%',
    ];
    const own = new Map<string, { key: string | null; calls: boolean }>();
    for (const arns of chunks(tables.map(t => t.arn)))
      for (const r of (await this.knex(TABLES)
        .where({ scan_id: scanId })
        .whereIn('arn', arns)
        .select(
          'arn',
          'kms_key_arn',
          this.knex.raw(`${callsKmsSql} as calls`, unusable),
        )) as { arn: string; kms_key_arn: string | null; calls: unknown }[])
        own.set(r.arn, { key: r.kms_key_arn, calls: Number(r.calls) === 1 });
    const keys = [...new Set(tables.flatMap(t => t.kmsKeyArn ?? []))];
    const sharing = new Map<string, number>();
    for (const some of chunks(keys))
      for (const r of (await this.knex(TABLES)
        .where({ scan_id: scanId })
        .whereIn('kms_key_arn', some)
        .groupBy('kms_key_arn')
        .select('kms_key_arn')
        .count({ n: '*' })) as { kms_key_arn: string; n: unknown }[])
        sharing.set(r.kms_key_arn, Number(r.n));
    const callingByKey = (await this.knex(TABLES)
      .where({ scan_id: scanId })
      .whereNotNull('kms_key_arn')
      .andWhereRaw(`${callsKmsSql} = 1`, unusable)
      .groupBy('kms_key_arn')
      .select('kms_key_arn')
      .count({ n: '*' })) as { kms_key_arn: string; n: unknown }[];
    const calling = new Map<string, number>();
    const inAccount = new Map<string, RegExp>();
    for (const accountId of new Set(tables.map(t => t.keyAccountId))) {
      // As `kms_key_arn like 'arn:%:kms:%:<account>:%'`.
      const pattern = new RegExp(
        `^arn:[\\s\\S]*:kms:[\\s\\S]*:${accountId.replace(/\W/g, '\\$&')}:`,
      );
      inAccount.set(accountId, pattern);
      calling.set(
        accountId,
        callingByKey
          .filter(r => pattern.test(r.kms_key_arn))
          .reduce((n, r) => n + Number(r.n), 0),
      );
    }
    return tables.map(t => {
      const mine = own.get(t.arn);
      const sharingOthers =
        (t.kmsKeyArn ? sharing.get(t.kmsKeyArn) ?? 0 : 0) -
        (t.kmsKeyArn && mine?.key === t.kmsKeyArn ? 1 : 0);
      const callingOthers =
        calling.get(t.keyAccountId)! -
        (mine?.calls && inAccount.get(t.keyAccountId)!.test(mine.key ?? '')
          ? 1
          : 0);
      return {
        scanId,
        kmsKeyArn: t.kmsKeyArn,
        tablesSharingKey: t.kmsKeyArn ? sharingOthers + 1 : 1,
        accountKmsTables: callingOthers + (t.callsKms ? 1 : 0),
      };
    });
  }

  /**
   * Stores re-read rows in the snapshot, each only over an older read of the same table (or as a new table);
   * returns what was stored, with the rows replaced.
   */
  async store(scanId: number, rows: FleetRow[]): Promise<AppliedRow[]> {
    if (!rows.length) return [];
    const applied: AppliedRow[] = [];
    await this.knex.transaction(async tx => {
      const current = new Map<string, { row: string; read_at: unknown }>(
        (
          await tx(TABLES)
            .where({ scan_id: scanId })
            .whereIn(
              'arn',
              rows.map(r => r.table.arn),
            )
            .select('arn', 'row', 'read_at')
        ).map((r: any) => [r.arn, r]),
      );
      for (const row of rows) {
        const before = current.get(row.table.arn);
        const readAt = new Date(row.readAt!);
        if (before?.read_at && ms(before.read_at) >= readAt.getTime()) continue;
        const record = toTableRecord(scanId, row);
        // One statement whatever another consumer did meanwhile: insert, or replace an older read only.
        await tx(TABLES)
          .insert(record)
          .onConflict(['scan_id', 'arn'])
          .merge()
          .where(`${TABLES}.read_at`, '<', readAt);
        applied.push({
          row,
          previous: before ? JSON.parse(before.row) : undefined,
        });
      }
    });
    return applied;
  }

  /** Removes tables DynamoDB no longer has from the snapshot, unless read again since; returns those removed. */
  async remove(scanId: number, deleted: DeletedTable[]): Promise<FleetRow[]> {
    const removed: FleetRow[] = [];
    for (const d of deleted) {
      const row = await this.knex(TABLES)
        .where({ scan_id: scanId, arn: d.arn })
        .andWhere('read_at', '<', new Date(d.readAt))
        .first('row');
      if (!row) continue;
      const n = await this.knex(TABLES)
        .where({ scan_id: scanId, arn: d.arn })
        .andWhere('read_at', '<', new Date(d.readAt))
        .delete();
      if (n) removed.push(JSON.parse(row.row));
    }
    return removed;
  }

  /**
   * The tables whose findings differ between scan `scanId` and the snapshot before it (`previousId`): new,
   * changed, or gone; compared in the database by the findings' ids, parsed only where they differ.
   */
  async changesSince(
    previousId: number,
    scanId: number,
  ): Promise<{ previous?: FleetRow; row?: FleetRow }[]> {
    const changed: { row: string; prev: string | null }[] = await this.knex(
      `${TABLES} as n`,
    )
      .leftJoin(`${TABLES} as p`, join =>
        join.on('p.arn', '=', 'n.arn').andOnVal('p.scan_id', '=', previousId),
      )
      .where('n.scan_id', scanId)
      .andWhere(q =>
        q.whereNull('p.arn').orWhereRaw('p.finding_ids <> n.finding_ids'),
      )
      .select('n.row as row', 'p.row as prev');
    const gone: { row: string }[] = await this.knex(`${TABLES} as p`)
      .where('p.scan_id', previousId)
      .whereNotExists(
        this.knex(`${TABLES} as n`)
          .where('n.scan_id', scanId)
          .andWhereRaw('n.arn = p.arn')
          .select('n.arn'),
      )
      .select('p.row as row');
    return [
      ...changed.map(c => ({
        row: JSON.parse(c.row),
        previous: c.prev ? JSON.parse(c.prev) : undefined,
      })),
      ...gone.map(g => ({ previous: JSON.parse(g.row) })),
    ];
  }

  /**
   * Brings into a scan that just finished what events stored in the snapshot before it after the scan
   * started: the rows they re-read (when newer than the scan's) and the tables they found deleted.
   */
  async carryNewer(scanId: number, previousId: number, startedAt: Date) {
    const newer: { row: string }[] = await this.knex(TABLES)
      .where({ scan_id: previousId })
      .andWhere('read_at', '>', startedAt)
      .select('row');
    await this.store(
      scanId,
      newer.map(n => ({ ...JSON.parse(n.row), stale: undefined })),
    );
    const deleted: { deleted_arn: string; read_at: unknown }[] =
      await this.knex(EVENTS)
        .whereNotNull('deleted_arn')
        .andWhere('read_at', '>', startedAt)
        .select('deleted_arn', 'read_at');
    await this.remove(
      scanId,
      deleted.map(d => ({
        arn: d.deleted_arn,
        readAt: new Date(d.read_at as string).toISOString(),
      })),
    );
  }
}
