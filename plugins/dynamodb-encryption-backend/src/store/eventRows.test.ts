import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import { FleetStore } from './fleetStore';

jest.setTimeout(60_000);

const KEY =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

function row(name: string, readAt: Date, keyState = 'Enabled'): FleetRow {
  return {
    table: {
      arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`,
      name,
      accountId: '111111111111',
      region: 'us-east-1',
    },
    encryption: {
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn: KEY,
      keyState,
      aliases: ['alias/orders'],
    },
    cost: { monthlyUsd: 1, breakdown: [], assumptions: {} },
    findings:
      keyState === 'Disabled'
        ? [{ id: 'key-disabled', severity: 'critical', title: 'Key disabled' }]
        : [],
    readAt: readAt.toISOString(),
  };
}

const at = (ms: number) => new Date(Date.UTC(2026, 11, 5, 12) + ms);

describe('rows re-read after events', () => {
  // .ci/run and scripts/test.sh start PostgreSQL and set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function store(id: TestDatabaseId) {
    const knex = await databases.init(id);
    return FleetStore.create(mockServices.database({ knex }), {
      retainScans: 5,
    });
  }

  it.each(databases.eachSupportedId())(
    'replace a row only over an older read, find tables by key and alias, and leave on deletion, on %p',
    async id => {
      const s = await store(id);
      const scan = await s.startScan();
      await s.addRows(scan, [row('orders', at(0)), row('carts', at(0))]);
      await s.finishScan(scan, 'complete', []);

      const byKey = await s.eventRows.rowsOfKeys(scan, {
        kmsKeyArns: [KEY],
        aliases: [],
      });
      expect(byKey.map(r => r.table.name).sort()).toEqual(['carts', 'orders']);
      const byAlias = await s.eventRows.rowsOfKeys(scan, {
        kmsKeyArns: [],
        aliases: [
          {
            accountId: '111111111111',
            region: 'us-east-1',
            alias: 'alias/orders',
          },
        ],
      });
      expect(byAlias).toHaveLength(2);
      // An alias with LIKE's wildcards matches only itself.
      const wildcard = await s.eventRows.rowsOfKeys(scan, {
        kmsKeyArns: [],
        aliases: [
          { accountId: '111111111111', region: 'us-east-1', alias: 'alias/%' },
        ],
      });
      expect(wildcard).toEqual([]);

      // A newer read wins; a slower consumer's older read, arriving after it, changes nothing.
      const newer = await s.eventRows.store(scan, [
        row('orders', at(2000), 'Disabled'),
      ]);
      expect(newer).toHaveLength(1);
      expect(newer[0].previous?.encryption.keyState).toBe('Enabled');
      const older = await s.eventRows.store(scan, [
        row('orders', at(1000), 'Enabled'),
      ]);
      expect(older).toEqual([]);
      expect(
        (await s.latestRow(row('orders', at(0)).table.arn))!.encryption
          .keyState,
      ).toBe('Disabled');

      // The context as the snapshot counts it: two tables on the key.
      const context = await s.eventRows.contextFor(scan, 'arn:new', {
        kmsKeyArn: KEY,
        keyAccountId: '111111111111',
        callsKms: true,
      });
      expect(context.tablesSharingKey).toBe(3);
      expect(context.accountKmsTables).toBe(2); // orders' key is disabled: no KMS calls

      // Deleted: gone from the snapshot, unless read again since.
      expect(
        await s.eventRows.remove(scan, [
          { arn: row('carts', at(0)).table.arn, readAt: at(-1).toISOString() },
        ]),
      ).toEqual([]);
      const removed = await s.eventRows.remove(scan, [
        { arn: row('carts', at(0)).table.arn, readAt: at(3000).toISOString() },
      ]);
      expect(removed.map(r => r.table.name)).toEqual(['carts']);
      expect(await s.latestRow(row('carts', at(0)).table.arn)).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'count a batch’s contexts at once, each table taken out of its own counts, on %p',
    async id => {
      const s = await store(id);
      const scan = await s.startScan();
      const KEY2 = KEY.replace(/9012$/, '0000');
      const other = (
        r: FleetRow,
        encryption: Partial<FleetRow['encryption']>,
      ) =>
        ({ ...r, encryption: { ...r.encryption, ...encryption } } as FleetRow);
      const remote = row('remote', at(0));
      remote.table = {
        ...remote.table,
        arn: remote.table.arn.replace('111111111111', '222222222222'),
        accountId: '222222222222',
      };
      await s.addRows(scan, [
        row('orders', at(0)),
        row('carts', at(0)),
        row('ledger', at(0), 'Disabled'),
        other(row('misc', at(0)), { kmsKeyArn: KEY2 }),
        other(row('owned', at(0)), {
          keyType: 'AWS_OWNED',
          kmsKeyArn: undefined,
        }),
        // A table of another account on a key of this one: its KMS calls count in the key's account.
        remote,
      ]);
      await s.finishScan(scan, 'complete', []);
      const arn = (name: string) => row(name, at(0)).table.arn;
      const account = '111111111111';
      const batch = [
        {
          arn: arn('orders'),
          kmsKeyArn: KEY,
          keyAccountId: account,
          callsKms: true,
        },
        // Moved to another key, and usable again.
        {
          arn: arn('ledger'),
          kmsKeyArn: KEY2,
          keyAccountId: account,
          callsKms: true,
        },
        {
          arn: 'arn:new',
          kmsKeyArn: KEY,
          keyAccountId: account,
          callsKms: false,
        },
        { arn: arn('owned'), keyAccountId: account, callsKms: false },
      ];
      const contexts = await s.eventRows.contextsFor(scan, batch);
      expect(
        contexts.map(c => [c.tablesSharingKey, c.accountKmsTables]),
      ).toEqual([
        [4, 4],
        [2, 5],
        [5, 4],
        [1, 4],
      ]);
      for (const [i, { arn: a, ...facts }] of batch.entries())
        expect(await s.eventRows.contextFor(scan, a, facts)).toEqual(
          contexts[i],
        );
    },
  );

  it.each(databases.eachSupportedId())(
    'a scan that started before an event keeps the event’s newer rows and deletions, on %p',
    async id => {
      const s = await store(id);
      const first = await s.startScan();
      await s.addRows(first, [
        row('orders', at(0)),
        row('carts', at(0)),
        row('ledger', at(0)),
      ]);
      await s.finishScan(first, 'complete', []);

      // The second scan starts, and reads every table as it was then.
      const second = await s.startScan();
      const readByScan = new Date(Date.now() - 1000);
      // Meanwhile an event disables orders' key and finds carts deleted, in the snapshot readers see.
      await s.eventRows.store(first, [
        row('orders', new Date(Date.now() + 1000), 'Disabled'),
      ]);
      await s.eventLog.record([
        {
          messageId: 'm1',
          outcome: 'deleted',
          name: 'table deleted',
          deleted: {
            arn: row('carts', at(0)).table.arn,
            readAt: new Date(Date.now() + 1000).toISOString(),
          },
        },
      ]);
      await s.eventRows.remove(first, [
        {
          arn: row('carts', at(0)).table.arn,
          readAt: new Date(Date.now() + 1000).toISOString(),
        },
      ]);
      await s.addRows(second, [
        row('orders', readByScan),
        row('carts', readByScan),
        row('ledger', readByScan),
      ]);
      await s.finishScan(second, 'complete', []);

      const names = (await s.listTables({ limit: 10 })).items.map(r => [
        r.table.name,
        r.encryption.keyState,
      ]);
      expect(names).toEqual([
        ['ledger', 'Enabled'],
        ['orders', 'Disabled'],
      ]);
      expect((await s.summary()).tables).toBe(2);
      // What the scan saw change against the snapshot before it: nothing the events had not already told.
      expect(await s.eventRows.changesSince(first, second)).toEqual([]);
    },
  );
});
