import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import {
  dynamoDbEncryptionFleetReadPermission,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import request from 'supertest';
import { startFleetBackend } from '../__testUtils__/fleetBackend';
import { ORDERS, ownedRows, PAYMENTS } from '../__testUtils__/ownedRows';
import {
  membershipUserInfo,
  policyPermissions,
} from '../__testUtils__/policyPermissions';
import {
  createDynamoDbFleetTableConditionalDecision,
  dynamoDbFleetTableConditions as is,
  fleetTablePermissionRules,
} from '../permissions/fleetTableRules';

jest.setTimeout(60_000);

const rows = ownedRows();
const base = '/api/dynamodb-encryption';
const auth = mockCredentials.user.header();

/** The rules' own `apply`, in memory: what the SQL must select. */
function applies(
  criteria: PermissionCriteria<PermissionCondition>,
  row: FleetRow,
): boolean {
  if ('allOf' in criteria) return criteria.allOf.every(c => applies(c, row));
  if ('anyOf' in criteria) return criteria.anyOf.some(c => applies(c, row));
  if ('not' in criteria) return !applies(criteria.not, row);
  const rule =
    fleetTablePermissionRules[
      criteria.rule as keyof typeof fleetTablePermissionRules
    ];
  return rule.apply(row, criteria.params as any);
}

describe('fleet conditions', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let conditions: PermissionCriteria<PermissionCondition>;
  const policy: PermissionPolicy = {
    handle: async () =>
      createDynamoDbFleetTableConditionalDecision(
        dynamoDbEncryptionFleetReadPermission,
        conditions as PermissionCriteria<
          PermissionCondition<'dynamodb-fleet-table'>
        >,
      ),
  };

  it.each(databases.eachSupportedId())(
    'selects in SQL exactly the rows the rules allow in memory, for allOf, anyOf and not, on %p',
    async id => {
      const server = await startFleetBackend(
        rows,
        policyPermissions(policy, membershipUserInfo({})).factory,
        { knex: await databases.init(id) },
      );
      const cases: PermissionCriteria<PermissionCondition>[] = [
        is.inAccounts({ accountIds: ['222222222222'] }),
        {
          anyOf: [
            is.isOwnedBy({ claims: [PAYMENTS] }),
            is.inAccounts({ accountIds: ['111111111111'] }),
          ],
        },
        {
          allOf: [
            is.isOwnedBy({ claims: [ORDERS] }),
            is.inAccounts({ accountIds: ['222222222222'] }),
          ],
        },
        // Unowned rows are not owned by the orders team: `not` lets them through, as `apply` does.
        { not: is.isOwnedBy({ claims: [ORDERS] }) },
        {
          not: {
            anyOf: [
              is.isOwnedBy({ claims: [PAYMENTS] }),
              is.inAccounts({ accountIds: ['222222222222'] }),
            ],
          },
        },
        is.isOwnedBy({ claims: [] }),
        { not: is.isOwnedBy({ claims: [] }) },
      ];
      for (const c of cases) {
        conditions = c;
        const expected = rows
          .filter(r => applies(c, r))
          .map(r => r.table.arn)
          .sort();
        const page = await request(server)
          .get(`${base}/fleet/tables?limit=1000`)
          .set('Authorization', auth);
        const got = (page.body.items as FleetRow[])
          .map(r => r.table.arn)
          .sort();
        expect({ conditions: c, arns: got }).toEqual({
          conditions: c,
          arns: expected,
        });
        expect(page.body.total).toBe(expected.length);
        const summary = await request(server)
          .get(`${base}/fleet/summary`)
          .set('Authorization', auth);
        expect(summary.body.tables).toBe(expected.length);
      }
    },
  );

  it('refuses a condition whose parameters are not valid, instead of serving rows', async () => {
    const server = await startFleetBackend(
      rows,
      policyPermissions(policy, membershipUserInfo({})).factory,
    );
    conditions = is.inAccounts({ accountIds: ['not-an-account'] });
    const res = await request(server)
      .get(`${base}/fleet/tables`)
      .set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.items).toBeUndefined();
  });

  it('publishes the rules, and decides on one row by its table ARN for the permission backend', async () => {
    const server = await startFleetBackend(rows);
    const metadata = await request(server)
      .get(`${base}/.well-known/backstage/permissions/metadata`)
      .set('Authorization', mockCredentials.service.header());
    expect(metadata.status).toBe(200);
    expect(
      metadata.body.permissions.find(
        (p: { name: string }) => p.name === 'dynamodb-encryption.fleet.read',
      ),
    ).toMatchObject({ type: 'resource', resourceType: 'dynamodb-fleet-table' });
    expect(metadata.body.rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'isOwnedBy',
          resourceType: 'dynamodb-fleet-table',
          paramsSchema: expect.objectContaining({ required: ['claims'] }),
        }),
        expect.objectContaining({
          name: 'inAccounts',
          paramsSchema: expect.objectContaining({ required: ['accountIds'] }),
        }),
      ]),
    );

    const [orders, payments] = [
      rows.find(r => r.owner === ORDERS)!,
      rows.find(r => r.owner === PAYMENTS)!,
    ];
    const decide = (resourceRef: string, i: number) => ({
      id: String(i),
      resourceRef,
      resourceType: 'dynamodb-fleet-table',
      conditions: is.isOwnedBy({ claims: [ORDERS] }),
    });
    const applied = await request(server)
      .post(`${base}/.well-known/backstage/permissions/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: [
          orders.table.arn,
          payments.table.arn,
          'arn:aws:dynamodb:us-east-1:111111111111:table/gone',
        ].map(decide),
      });
    expect(applied.status).toBe(200);
    expect(applied.body.items).toEqual([
      { id: '0', result: AuthorizeResult.ALLOW },
      { id: '1', result: AuthorizeResult.DENY },
      { id: '2', result: AuthorizeResult.DENY },
    ]);
  });
});
