import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { FleetStore } from './fleetStore';
import type { StagedTable } from './observationStage';

jest.setTimeout(60_000);

const staged = (i: number, accountId = '111111111111'): StagedTable => ({
  observation: {
    table: {
      arn: `arn:aws:dynamodb:us-east-1:${accountId}:table/t-${i}`,
      name: `t-${i}`,
      accountId,
      region: 'us-east-1',
    },
    sse: { Status: 'ENABLED', SSEType: 'KMS' },
  },
  awsTags: i % 2 ? { owner: 'team-a' } : undefined,
});

describe('ObservationStage', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function store(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const s = await FleetStore.create(mockServices.database({ knex }), {
      retainScans: 2,
    });
    const count = async () =>
      Number(
        (
          await knex('dynamodb_encryption_observations')
            .count({ n: '*' })
            .first()
        )?.n,
      );
    return { s, count };
  }

  it.each(databases.eachSupportedId())(
    'gives back each scan its own tables, once each, a page at a time, and forgets them when the scan ends, on %p',
    async id => {
      const { s, count } = await store(id);
      const a = await s.startScan();
      const b = await s.startScan();
      await s.stage.add(
        a,
        Array.from({ length: 25 }, (_, i) => staged(i)),
      );
      await s.stage.add(b, [staged(99, '222222222222')]);
      await s.stage.add(a, [staged(25)]);

      const pages: StagedTable[][] = [];
      for await (const page of s.stage.read(a, 10)) pages.push(page);
      expect(pages.map(p => p.length)).toEqual([10, 10, 6]);
      expect(pages.flat()).toEqual(
        Array.from({ length: 26 }, (_, i) => staged(i)),
      );

      await s.finishScan(a, 'complete', []);
      expect(await count()).toBe(1);
      await s.finishScan(b, 'failed', ['x']);
      expect(await count()).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'forgets what an interrupted scan staged, and keeps what a live one did, on %p',
    async id => {
      const { s, count } = await store(id);
      const interrupted = await s.startScan();
      await s.stage.add(interrupted, [staged(1)]);
      await s.failAbandonedScans(-1_000);
      expect(await count()).toBe(0);

      const live = await s.startScan();
      await s.stage.add(live, [staged(2)]);
      await s.failAbandonedScans(60_000);
      expect(await count()).toBe(1);
    },
  );
});
