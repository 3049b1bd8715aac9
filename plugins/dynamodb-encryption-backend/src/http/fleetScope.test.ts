import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  ComplianceExportLine,
  FleetRow,
  FleetSummary,
  FleetTablesPage,
  SEVERITIES,
} from '@dynamodb-encryption/backstage-plugin-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { startFleetBackend } from '../__testUtils__/fleetBackend';
import {
  ALICE,
  BOB,
  MEMBERSHIPS,
  ORDERS,
  ownedBy,
  ownedRows,
  PAT,
} from '../__testUtils__/ownedRows';
import {
  membershipUserInfo,
  policyPermissions,
} from '../__testUtils__/policyPermissions';
import { DynamoDbEncryptionSamplePolicy } from '../permissions/samplePolicy';
import { FLEET_SCOPE_HEADER } from './fleetRouter';

jest.setTimeout(60_000);

const rows = ownedRows();
const base = '/api/dynamodb-encryption';
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const cents = (usd: number) => Math.round(usd * 100) / 100;
const arns = (list: FleetRow[]) => list.map(r => r.table.arn).sort();

/**
 * Every fleet route under the sample policy, as three users: Alice (orders team) gets a conditional
 * decision, Pat (platform team) the whole fleet, Bob (no team) a conditional decision that allows nothing.
 */
describe('the fleet routes under a conditional decision', () => {
  // .ci/run and scripts/test.sh start PostgreSQL and set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function backend(id: TestDatabaseId): Promise<Server> {
    const userInfo = membershipUserInfo(MEMBERSHIPS);
    const policy = new DynamoDbEncryptionSamplePolicy({ userInfo });
    return startFleetBackend(
      rows,
      policyPermissions(policy, userInfo).factory,
      { knex: await databases.init(id) },
    );
  }
  const get = (server: Server, path: string, user: string) =>
    request(server)
      .get(`${base}${path}`)
      .set('Authorization', mockCredentials.user.header(user));

  it.each(databases.eachSupportedId())(
    'serves a user only the rows their teams own, on every route, on %p',
    async id => {
      const server = await backend(id);
      const allowed = ownedBy(rows, [ALICE, ORDERS]);
      // Rows on both sides of the condition, so a leak or a loss shows.
      expect(allowed.length).toBeGreaterThan(5);
      expect(allowed.length).toBeLessThan(rows.length - 5);

      const access = await get(server, '/fleet/access', ALICE);
      expect(access.body).toEqual({ scope: 'conditional' });

      const all = await get(server, '/fleet/tables?limit=1000', ALICE);
      expect(all.headers[FLEET_SCOPE_HEADER]).toBe('conditional');
      const page: FleetTablesPage = all.body;
      expect(page.scope).toBe('conditional');
      expect(arns(page.items)).toEqual(arns(allowed));
      expect(page.total).toBe(allowed.length);

      // Paging walks the allowed rows once each, every page with the same total.
      const walked: FleetRow[] = [];
      for (let cursor: number | undefined = 0; cursor !== undefined; ) {
        const next = await get(
          server,
          `/fleet/tables?limit=4&cursor=${cursor}&sort=cost`,
          ALICE,
        );
        expect(next.body.total).toBe(allowed.length);
        walked.push(...next.body.items);
        cursor = next.body.nextCursor;
      }
      expect(arns(walked)).toEqual(arns(allowed));

      // The filters on screen narrow the allowed rows; they never widen them.
      const cmk = await get(
        server,
        '/fleet/tables?keyType=CUSTOMER_MANAGED&limit=1000',
        ALICE,
      );
      expect(arns(cmk.body.items)).toEqual(
        arns(allowed.filter(r => r.encryption.keyType === 'CUSTOMER_MANAGED')),
      );
      const others = await get(
        server,
        `/fleet/tables?owner=${encodeURIComponent(
          'group:default/payments-team',
        )}`,
        ALICE,
      );
      expect(others.body).toMatchObject({ items: [], total: 0 });

      const summary: FleetSummary = (await get(server, '/fleet/summary', ALICE))
        .body;
      expect(summary.scope).toBe('conditional');
      expect(summary.tables).toBe(allowed.length);
      expect(sum(Object.values(summary.byKeyType))).toBe(allowed.length);
      expect(summary.byKeyType.AWS_OWNED).toBe(
        allowed.filter(r => r.encryption.keyType === 'AWS_OWNED').length,
      );
      expect(summary.cost.monthlyUsd).toBe(
        cents(sum(allowed.map(r => r.cost.monthlyUsd))),
      );
      expect(summary.cost.byOwner.map(o => o.owner).sort()).toEqual(
        [...new Set(allowed.map(r => r.owner!))].sort(),
      );
      expect(sum(summary.cost.byKey.map(k => k.tables))).toBe(
        allowed.filter(r => r.encryption.kmsKeyArn).length,
      );
      expect(summary.rotation.rotated).toBe(
        allowed.filter(r => r.encryption.rotation?.enabled).length,
      );
      for (const s of SEVERITIES)
        expect({ s, n: summary.findings.bySeverity[s] }).toEqual({
          s,
          n: allowed.filter(r => r.findings[0]?.severity === s).length,
        });
      expect(summary.findings.unowned).toBe(0);
      expect(summary.trend.at(-1)).toMatchObject({
        tables: allowed.length,
        monthlyUsd: summary.cost.monthlyUsd,
      });

      const csv = await get(server, '/fleet/export.csv', ALICE);
      expect(csv.headers[FLEET_SCOPE_HEADER]).toBe('conditional');
      const csvArns = csv.text
        .trim()
        .split('\n')
        .slice(1)
        .map(l => l.split(',')[0]);
      expect(csvArns.sort()).toEqual(arns(allowed));

      const compliance = await get(server, '/fleet/compliance.json', ALICE);
      const lines: ComplianceExportLine[] = JSON.parse(compliance.text);
      expect([...new Set(lines.map(l => l.tableArn))].sort()).toEqual(
        arns(allowed),
      );
      const complianceCsv = await get(server, '/fleet/compliance.csv', ALICE);
      expect(complianceCsv.text.trim().split('\n')).toHaveLength(
        lines.length + 1,
      );
      for (const arn of arns(rows).filter(a => !arns(allowed).includes(a)))
        expect(complianceCsv.text).not.toContain(arn);

      expect(
        (await get(server, '/fleet/scans/latest', ALICE)).body,
      ).toMatchObject({
        status: 'complete',
      });
      // The sample policy keeps fleet scans to the platform team.
      const scan = await request(server)
        .post(`${base}/fleet/scans`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      expect(scan.status).toBe(403);
    },
  );

  it.each(databases.eachSupportedId())(
    'serves the platform team the whole fleet, and a user who owns nothing an empty one, on %p',
    async id => {
      const server = await backend(id);
      const everything = await get(server, '/fleet/tables?limit=1000', PAT);
      expect(everything.headers[FLEET_SCOPE_HEADER]).toBe('all');
      expect(everything.body).toMatchObject({
        scope: 'all',
        total: rows.length,
      });
      const summary: FleetSummary = (await get(server, '/fleet/summary', PAT))
        .body;
      expect(summary).toMatchObject({ scope: 'all', tables: rows.length });
      expect(summary.cost.monthlyUsd).toBe(
        cents(sum(rows.map(r => r.cost.monthlyUsd))),
      );
      const csv = await get(server, '/fleet/export.csv', PAT);
      expect(csv.text.trim().split('\n')).toHaveLength(rows.length + 1);

      // Bob's conditional decision allows no row: empty answers, not errors.
      expect((await get(server, '/fleet/access', BOB)).body).toEqual({
        scope: 'conditional',
      });
      expect((await get(server, '/fleet/tables', BOB)).body).toMatchObject({
        items: [],
        total: 0,
        scope: 'conditional',
      });
      const nothing: FleetSummary = (await get(server, '/fleet/summary', BOB))
        .body;
      expect(nothing).toMatchObject({ scope: 'conditional', tables: 0 });
      expect(nothing.cost).toEqual({ monthlyUsd: 0, byKey: [], byOwner: [] });
      expect(nothing.trend.at(-1)).toMatchObject({ tables: 0 });
      // The scan itself is no row: everyone sees which scan the (empty) figures come from.
      expect(nothing.figuresScan).toMatchObject({ status: 'complete' });
      const csv2 = await get(server, '/fleet/export.csv', BOB);
      expect(csv2.text.trim().split('\n')).toHaveLength(1);
      expect(
        JSON.parse((await get(server, '/fleet/compliance.json', BOB)).text),
      ).toEqual([]);
    },
  );
});
