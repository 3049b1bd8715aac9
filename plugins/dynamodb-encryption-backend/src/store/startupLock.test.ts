import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { runExclusively } from './startupLock';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('runExclusively', () => {
  // .ci/run and scripts/test.sh start PostgreSQL and set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    "returns the step's result and passes its error on, on %p",
    async id => {
      const database = mockServices.database({
        knex: await databases.init(id),
      });
      await expect(
        runExclusively(database, { step: 'a step' }, async () => 42),
      ).resolves.toBe(42);
      await expect(
        runExclusively(database, { step: 'a step' }, async () => {
          throw new Error('migration failed');
        }),
      ).rejects.toThrow('migration failed');
    },
  );

  it('runs a step on one replica at a time; the others log what they wait for', async () => {
    const database = mockServices.database({
      knex: await databases.init('POSTGRES_15'),
    });
    const logger = mockServices.logger.mock();
    const spans: { start: number; end: number }[] = [];
    // Each call holds the lock in a transaction of its own, on its own connection, as replicas do.
    await Promise.all(
      [1, 2, 3].map(() =>
        runExclusively(
          database,
          { step: 'the test migrations', logger },
          async () => {
            const start = Date.now();
            await sleep(200);
            spans.push({ start, end: Date.now() });
          },
        ),
      ),
    );
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    }
    expect(logger.info).toHaveBeenCalledWith(
      'Waiting for another replica to finish the test migrations (up to 120000 ms)',
    );
    expect(
      logger.info.mock.calls.filter(([m]) => String(m).startsWith('Waiting')),
    ).toHaveLength(2);
  });

  it('gives up after the bound with an error naming the step', async () => {
    const database = mockServices.database({
      knex: await databases.init('POSTGRES_15'),
    });
    let release = () => {};
    const holder = runExclusively(
      database,
      { step: 'the test migrations' },
      () => new Promise<void>(r => (release = r)),
    );
    await sleep(200);
    const began = Date.now();
    await expect(
      runExclusively(
        database,
        { step: 'the test migrations', timeoutMs: 500 },
        async () => {},
      ),
    ).rejects.toThrow(
      'Gave up after 500 ms waiting for another replica to finish the test migrations',
    );
    expect(Date.now() - began).toBeGreaterThanOrEqual(450);
    // Another step is not held up by this one.
    await expect(
      runExclusively(database, { step: 'another step' }, async () => 'ran'),
    ).resolves.toBe('ran');
    release();
    await holder;
  });
});
