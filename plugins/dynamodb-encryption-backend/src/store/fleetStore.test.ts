import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import { FleetStore } from './fleetStore';

jest.setTimeout(60_000);

function row(
  i: number,
  overrides: Partial<FleetRow['encryption']> = {},
  owner?: string,
): FleetRow {
  const name = `table-${String(i).padStart(4, '0')}`;
  return {
    table: {
      arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`,
      name,
      accountId: '111111111111',
      region: 'us-east-1',
    },
    encryption: { keyType: 'AWS_OWNED', aliases: [], ...overrides },
    cost: { monthlyUsd: i / 100, breakdown: [], assumptions: {} },
    findings:
      overrides.keyState === 'Disabled'
        ? [{ id: 'key-disabled', severity: 'critical', title: 'x' }]
        : [],
    owner,
  };
}

describe('FleetStore', () => {
  // .ci/run and scripts/test.sh start PostgreSQL and set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function store(id: TestDatabaseId) {
    const knex = await databases.init(id);
    return FleetStore.create(mockServices.database({ knex }), {
      retainScans: 2,
    });
  }

  it.each(databases.eachSupportedId())(
    'serves only the latest complete scan, filtered, sorted and paged, on %p',
    async id => {
      const s = await store(id);
      const first = await s.startScan();
      await s.addRows(first, [row(1), row(2)]);
      await s.finishScan(first, 'complete', []);

      const second = await s.startScan();
      const keyArn =
        'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
      await s.addRows(second, [
        ...Array.from({ length: 120 }, (_, i) => row(i, {}, 'group:default/a')),
        row(500, {
          keyType: 'CUSTOMER_MANAGED',
          kmsKeyArn: keyArn,
          keyState: 'Disabled',
          rotation: { enabled: false },
        }),
      ]);
      await s.progress(second, { total: 121, done: 121, awsRequests: 125 });
      expect((await s.listTables({ limit: 10 })).total).toBe(2); // still the complete first scan while the second runs
      await s.finishScan(second, 'complete', []);

      const page1 = await s.listTables({ limit: 50 });
      expect(page1.total).toBe(121);
      expect(page1.items).toHaveLength(50);
      const page3 = await s.listTables({ limit: 50, cursor: 100 });
      expect(page3.items).toHaveLength(21);
      expect(page3.nextCursor).toBeUndefined();
      expect(
        (
          await s.listTables({ limit: 5, keyType: 'CUSTOMER_MANAGED' })
        ).items.map(r => r.table.name),
      ).toEqual(['table-0500']);
      expect(
        (await s.listTables({ limit: 5, finding: 'key-disabled' })).total,
      ).toBe(1);
      expect(
        (await s.listTables({ limit: 1, sort: 'cost' })).items[0].table.name,
      ).toBe('table-0500');
      expect(
        (await s.listTables({ limit: 1, sort: 'severity' })).items[0].table
          .name,
      ).toBe('table-0500');
      expect(
        (await s.listTables({ limit: 1, owner: 'group:default/a' })).total,
      ).toBe(120);

      const summary = await s.summary();
      expect(summary.tables).toBe(121);
      expect(summary.byKeyType).toEqual({
        AWS_OWNED: 120,
        AWS_MANAGED: 0,
        CUSTOMER_MANAGED: 1,
        UNKNOWN: 0,
      });
      expect(summary.rotation).toEqual({ eligible: 1, rotated: 0 });
      expect(summary.cost.byKey).toEqual([
        { kmsKeyArn: keyArn, aliases: [], tables: 1, monthlyUsd: 5 },
      ]);
      expect(summary.findings.bySeverity.critical).toBe(1);
      expect(summary.findings.unowned).toBe(1);
      expect(summary.trend.map(t => t.tables)).toEqual([2, 121]);
      expect(summary.trend.map(t => t.severeFindings)).toEqual([0, 1]);
      expect(summary.trend.map(t => t.awsOwned)).toEqual([2, 120]);
      expect(summary.trend.map(t => t.awsManaged)).toEqual([0, 0]);
      expect(summary.trend.map(t => t.customerManaged)).toEqual([0, 1]);
      expect(summary.trend.map(t => t.monthlyUsd)).toEqual([0.03, 76.4]);
      expect(summary.scan).toMatchObject({
        status: 'complete',
        progress: { done: 121, total: 121 },
        awsRequests: 125,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the last complete snapshot when a scan fails, and prunes old scans, on %p',
    async id => {
      const s = await store(id);
      for (let n = 0; n < 3; n++) {
        const scan = await s.startScan();
        await s.addRows(scan, [row(n)]);
        await s.finishScan(scan, 'complete', []);
      }
      const failed = await s.startScan();
      await s.addRows(failed, [row(7), row(8), row(9)]);
      await s.finishScan(failed, 'failed', [
        '111111111111/us-east-1: connect ECONNREFUSED',
      ]);
      expect(
        (await s.listTables({ limit: 10 })).items.map(r => r.table.name),
      ).toEqual(['table-0002']);
      expect(await s.latestScan()).toMatchObject({
        status: 'failed',
        errors: ['111111111111/us-east-1: connect ECONNREFUSED'],
      });
      expect((await s.summary()).trend).toHaveLength(2); // retainScans: 2
    },
  );

  it.each(databases.eachSupportedId())(
    'marks scans abandoned by a stopped process as failed, on %p',
    async id => {
      const s = await store(id);
      await s.startScan();
      await s.failAbandonedScans(-1000);
      expect(await s.latestScan()).toMatchObject({
        status: 'failed',
        errors: ['interrupted'],
      });
    },
  );
  it.each(databases.eachSupportedId())(
    'says which complete scan the figures come from, the accounts it covered and those it missed, while a newer scan runs, on %p',
    async id => {
      const s = await store(id);
      const complete = await s.startScan();
      await s.addRows(complete, [row(1)]);
      const missed = {
        accountId: '444444444444',
        roleArn: 'arn:aws:iam::444444444444:role/reader',
        error: 'AccessDenied: not authorized to perform sts:AssumeRole',
      };
      const accounts = [
        {
          accountId: '111111111111',
          name: 'platform-prod',
          regions: ['us-east-1'],
        },
        { accountId: '444444444444', regions: ['us-east-1'] },
      ];
      await s.finishScan(complete, 'complete', [], [missed], accounts);
      const running = await s.startScan();
      const summary = await s.summary();
      expect(summary.scan).toMatchObject({ id: running, status: 'running' });
      expect(summary.figuresScan).toMatchObject({
        id: complete,
        status: 'complete',
        unreachableAccounts: [missed],
      });
      expect(summary.tables).toBe(1);
      // Named as that scan resolved them (config or the organization), from the database.
      expect(summary.accounts).toEqual(accounts);
    },
  );
});
