import type { StagedTable } from '@dynamodb-encryption/backstage-plugin-node';
import { Knex } from 'knex';
import { OBSERVATIONS } from './fleetRows';

export type { StagedTable };

/**
 * The tables a running scan has read, in the database rather than in memory: written a region at a time,
 * read back a page at a time (keyset pagination, so each page costs the same), removed when the scan ends.
 */
export class ObservationStage {
  constructor(private readonly knex: Knex) {}

  async add(scanId: number, tables: StagedTable[]) {
    if (!tables.length) return;
    await this.knex.batchInsert(
      OBSERVATIONS,
      tables.map(t => ({ scan_id: scanId, body: JSON.stringify(t) })),
      200,
    );
  }

  async *read(scanId: number, pageSize: number): AsyncGenerator<StagedTable[]> {
    for (let after = 0; ; ) {
      const rows: { id: number; body: string }[] = await this.knex(OBSERVATIONS)
        .where({ scan_id: scanId })
        .andWhere('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .select('id', 'body');
      if (!rows.length) return;
      yield rows.map(r => JSON.parse(r.body) as StagedTable);
      after = rows[rows.length - 1].id;
    }
  }

  /** Removes what the given scans staged (a scan that ended, or one whose process stopped). */
  async clear(scanIds: number[] | Knex.QueryBuilder) {
    await this.knex(OBSERVATIONS).whereIn('scan_id', scanIds).delete();
  }
}
