import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import { ORDERS, PAYMENTS } from '../__testUtils__/ownedRows';
import { FleetRowFilter } from './fleetFilter';
import { FleetStore } from './fleetStore';

jest.setTimeout(60_000);

function row(name: string, owner: string, region = 'us-east-1'): FleetRow {
  return {
    table: {
      arn: `arn:aws:dynamodb:${region}:222222222222:table/${name}`,
      name,
      accountId: '222222222222',
      region,
    },
    encryption: { keyType: 'AWS_OWNED', aliases: [] },
    cost: { monthlyUsd: 1, breakdown: [], assumptions: {} },
    findings: [],
    owner,
  };
}

describe('FleetStore with a reader’s filter', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const orders: FleetRowFilter = { column: 'owner', values: [ORDERS] };

  it.each(databases.eachSupportedId())(
    'counts the reader’s rows in every scan of the trend and in the parts kept from an earlier scan, on %p',
    async id => {
      const store = await FleetStore.create(
        mockServices.database({ knex: await databases.init(id) }),
        { retainScans: 5 },
      );
      const first = await store.startScan();
      await store.addRows(first, [
        row('orders', ORDERS),
        row('payments', PAYMENTS),
        row('orders-eu', ORDERS, 'eu-west-1'),
        row('payments-eu', PAYMENTS, 'eu-west-1'),
      ]);
      await store.finishScan(first, 'complete', []);

      // The second scan could not read eu-west-1: it keeps that part's rows, marked stale.
      const second = await store.startScan();
      await store.addRows(second, [
        row('orders', ORDERS),
        row('orders-2', ORDERS),
        row('payments', PAYMENTS),
      ]);
      const kept = await store.carryForward(
        second,
        [
          {
            accountId: '222222222222',
            region: 'eu-west-1',
            reason: 'AccessDenied',
          },
        ],
        r => r,
      );
      await store.finishScan(second, 'partial', [], [], [], kept);

      const everyone = await store.summary();
      expect(everyone).toMatchObject({ tables: 5, staleTables: 2 });
      expect(everyone.figuresScan?.staleParts).toMatchObject([{ tables: 2 }]);
      expect(everyone.trend.map(t => t.tables)).toEqual([4, 5]);

      const mine = await store.summary(orders);
      expect(mine).toMatchObject({ tables: 3, staleTables: 1 });
      expect(mine.cost.byOwner).toEqual([
        { owner: ORDERS, tables: 3, monthlyUsd: 3 },
      ]);
      expect(mine.trend.map(t => t.tables)).toEqual([2, 3]);
      // The part the scan could not read is the same for everyone; its count is the reader's rows.
      expect(mine.figuresScan?.staleParts).toMatchObject([
        { accountId: '222222222222', region: 'eu-west-1', tables: 1 },
      ]);
      expect((await store.latestScan(orders))?.staleParts).toMatchObject([
        { tables: 1 },
      ]);
      expect((await store.latestScan())?.staleParts).toMatchObject([
        { tables: 2 },
      ]);

      const listed = await store.listTables({ limit: 10 }, orders);
      expect(listed.total).toBe(3);
      expect(listed.items.every(r => r.owner === ORDERS)).toBe(true);
      const exported: string[] = [];
      for await (const r of store.allTables({}, orders, 2))
        exported.push(r.table.name);
      expect(exported.sort()).toEqual(['orders', 'orders-2', 'orders-eu']);

      expect(
        (
          await store.latestRows([
            row('orders-eu', ORDERS, 'eu-west-1').table.arn,
            'nope',
          ])
        ).map(r => r?.table.name),
      ).toEqual(['orders-eu', undefined]);
    },
  );
});
