import type {
  FleetRow,
  StalePart,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { TABLES } from './fleetRows';

/** A part of the fleet a scan could not read, and why. */
export interface UnreadPart {
  accountId: string;
  region: string;
  reason: string;
}

/**
 * Keeps the rows the snapshot before a scan (`previous`, the latest complete or partial scan) had for each
 * part the scan could not read, marked stale: since when (the time they were last read, carried along if they
 * were already stale) and why. `rejoin` brings each kept row up to date with what the scan knows now (the
 * catalog's entities) and sees every kept row, a page at a time; `write` stores them in the new scan.
 * Nothing is kept for a part the previous snapshot had not read either.
 */
export async function carryForward(
  knex: Knex,
  options: {
    previous:
      | { id: number; finished_at?: unknown; started_at: unknown }
      | undefined;
    parts: UnreadPart[];
    rejoin: (row: FleetRow) => FleetRow;
    write: (rows: FleetRow[]) => Promise<void>;
    pageSize?: number;
  },
): Promise<StalePart[]> {
  const { previous } = options;
  const pageSize = options.pageSize ?? 500;
  const kept: StalePart[] = [];
  for (const part of options.parts) {
    const stale: StalePart = { ...part, tables: 0 };
    kept.push(stale);
    if (!previous) continue;
    const readAt = new Date(
      (previous.finished_at ?? previous.started_at) as string,
    ).toISOString();
    for (let offset = 0; ; offset += pageSize) {
      const page: { row: string }[] = await knex(TABLES)
        .where({
          scan_id: previous.id,
          account_id: part.accountId,
          region: part.region,
        })
        .orderBy('arn')
        .offset(offset)
        .limit(pageSize)
        .select('row');
      const rows = page.map(({ row }) => {
        const r: FleetRow = JSON.parse(row);
        const since = r.stale?.since ?? readAt;
        if (!stale.since || since < stale.since) stale.since = since;
        return { ...options.rejoin(r), stale: { since, reason: part.reason } };
      });
      await options.write(rows);
      stale.tables += rows.length;
      if (page.length < pageSize) break;
    }
  }
  return kept;
}
