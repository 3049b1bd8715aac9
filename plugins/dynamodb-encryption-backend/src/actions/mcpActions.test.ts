import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fleetFilterShape,
  SEVERITIES,
} from '@dynamodb-encryption/backstage-plugin-common';
import { z } from 'zod/v3';
import {
  fleetEntities,
  loadFleet,
  sandboxPortalConfig,
  seedFleet,
} from '@internal/sandbox';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { resolve } from 'node:path';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from '../plugin';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../../..');
const DENIED = 'resource:default/legacy-ledger';

/** A JSON-RPC message to the MCP endpoint; the stateless streamable transport answers in one SSE event. */
async function mcp(
  server: any,
  method: string,
  params: object,
  auth = mockCredentials.user.header(),
) {
  const res = await request(server)
    .post('/api/mcp-actions/v1')
    .set('Authorization', auth)
    .set('Accept', 'application/json, text/event-stream')
    .send({ jsonrpc: '2.0', id: 1, method, params });
  const data = res.text
    .split('\n')
    .find(l => l.startsWith('data: '))
    ?.slice('data: '.length);
  return { status: res.status, body: data ? JSON.parse(data) : res.body };
}

/**
 * The plugin's actions through the MCP actions backend, against the scanned demo fleet: listed as tools, called
 * with the caller's credentials, and refused where the HTTP route refuses.
 */
describe('DynamoDB encryption actions over MCP', () => {
  const endpoint = process.env.SANDBOX_ENDPOINT;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let seededArns: Record<string, string>;
  const asked: { permission: string; resourceRef?: string; user?: string }[] =
    [];

  beforeAll(async () => {
    if (!endpoint)
      throw new Error(
        'Run with ./scripts/test.sh: it starts the sandbox this test needs',
      );
    const fleet = await loadFleet(resolve(ROOT, 'sandbox/demo-fleet.yaml'));
    const seeded = await seedFleet(endpoint, fleet);
    seededArns = seeded.tableArns;
    backend = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        mockServices.rootConfig.factory({
          data: sandboxPortalConfig(
            resolve(ROOT, 'app-config.sandbox.yaml'),
            endpoint!,
            {
              backend: { actions: { pluginSources: ['dynamodb-encryption'] } },
            },
          ),
        }),
        catalogServiceMock.factory({
          entities: fleetEntities(fleet, seeded) as Entity[],
        }),
        mockServices.permissions.mock({
          authorize: async (requests, options) =>
            requests.map(r => {
              const resourceRef = (r as { resourceRef?: string }).resourceRef;
              const principal = options?.credentials.principal as {
                userEntityRef?: string;
              };
              asked.push({
                permission: r.permission.name,
                resourceRef,
                user: principal?.userEntityRef,
              });
              return {
                result:
                  r.permission.name === 'dynamodb-encryption.table.read' &&
                  resourceRef === DENIED
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              };
            }),
          // The fleet permission: the whole fleet (a conditional decision is fleetScope.test.ts's).
          authorizeConditional: async requests =>
            requests.map(r => {
              asked.push({ permission: r.permission.name });
              return { result: AuthorizeResult.ALLOW };
            }),
        }).factory,
      ],
    });
    const auth = mockCredentials.user.header();
    await request(backend.server)
      .post('/api/dynamodb-encryption/fleet/scans')
      .set('Authorization', auth);
    for (let i = 0; i < 240; i++) {
      const latest = await request(backend.server)
        .get('/api/dynamodb-encryption/fleet/scans/latest')
        .set('Authorization', auth);
      if (latest.body.status === 'complete') break;
      if (latest.body.status === 'failed')
        throw new Error(`The fleet scan failed: ${latest.text}`);
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const call = (name: string, args: object) =>
    mcp(backend.server, 'tools/call', { name, arguments: args });

  it('lists both actions as tools with their input schemas', async () => {
    const { status, body } = await mcp(backend.server, 'tools/list', {});
    expect(status).toBe(200);
    const tools = body.result.tools as {
      name: string;
      inputSchema: { properties: Record<string, unknown> };
    }[];
    const names = tools.map(t => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringContaining('get-table-encryption'),
        expect.stringContaining('list-tables-with-findings'),
      ]),
    );
    const get = tools.find(t => t.name.includes('get-table-encryption'))!;
    expect(Object.keys(get.inputSchema.properties).sort()).toEqual([
      'entityRef',
      'tableArn',
    ]);
    // The list tool filters as the fleet page does: every field of the one fleet filter, plus its paging.
    const list = tools.find(t => t.name.includes('list-tables-with-findings'))!;
    expect(Object.keys(list.inputSchema.properties).sort()).toEqual(
      [
        ...Object.keys(fleetFilterShape(z)),
        'minSeverity',
        'cursor',
        'limit',
      ].sort(),
    );
  });

  it('answers what protects a table, by entity ref and by ARN, with the card’s report', async () => {
    const tools = (await mcp(backend.server, 'tools/list', {})).body.result
      .tools as { name: string }[];
    const name = tools.find(t => t.name.includes('get-table-encryption'))!.name;
    const card = await request(backend.server)
      .get(
        '/api/dynamodb-encryption/entities/default/resource/orders/encryption',
      )
      .set('Authorization', mockCredentials.user.header());
    for (const args of [
      { entityRef: 'resource:default/orders' },
      { tableArn: seededArns.orders },
    ]) {
      const { body } = await call(name, args);
      expect(body.result.isError).toBeFalsy();
      const output = JSON.parse(body.result.content[0].text);
      expect(output.entityRef).toBe('resource:default/orders');
      expect(output.report.encryption).toEqual(card.body.encryption);
      expect(output.report.cost.monthlyUsd).toBe(card.body.cost.monthlyUsd);
      expect(output.report.findings).toEqual(card.body.findings);
    }
    // The permission was asked for the calling user, not for the MCP backend's own service identity.
    expect(asked).toContainEqual({
      permission: 'dynamodb-encryption.table.read',
      resourceRef: 'resource:default/orders',
      user: mockCredentials.user().principal.userEntityRef,
    });
  });

  it('refuses a table the caller may not read, by ref and by ARN, and an ARN no entity declares', async () => {
    const tools = (await mcp(backend.server, 'tools/list', {})).body.result
      .tools as { name: string }[];
    const name = tools.find(t => t.name.includes('get-table-encryption'))!.name;
    for (const args of [
      { entityRef: DENIED },
      { tableArn: seededArns['legacy-ledger'] },
      {
        tableArn:
          'arn:aws:dynamodb:us-east-1:111111111111:table/undeclared-table',
      },
    ]) {
      const { body } = await call(name, args);
      expect(body.result.isError).toBe(true);
      expect(JSON.stringify(body.result.content)).toMatch(/No (table )?entity/);
      expect(JSON.stringify(body.result.content)).not.toContain('kmsKeyArn');
    }
    const bad = await call(name, { tableArn: 'not-an-arn' });
    expect(bad.body.result.isError).toBe(true);
    expect(JSON.stringify(bad.body.result.content)).toContain('tableArn');
  });

  it('lists tables with findings at or above a severity, most severe first', async () => {
    const tools = (await mcp(backend.server, 'tools/list', {})).body.result
      .tools as { name: string }[];
    const name = tools.find(t =>
      t.name.includes('list-tables-with-findings'),
    )!.name;
    const all = (
      await request(backend.server)
        .get('/api/dynamodb-encryption/fleet/tables?limit=1000')
        .set('Authorization', mockCredentials.user.header())
    ).body.items as {
      table: { arn: string };
      findings: { severity: string }[];
    }[];
    const rank = (s: string) => SEVERITIES.indexOf(s as any);
    const expected = all
      .filter(r => r.findings.some(f => rank(f.severity) <= rank('high')))
      .map(r => r.table.arn)
      .sort();
    asked.length = 0;
    const { body } = await call(name, { minSeverity: 'high', limit: 200 });
    expect(body.result.isError).toBeFalsy();
    // The whole estate is behind the fleet permission, as on GET /fleet/tables.
    expect(asked.map(a => a.permission)).toContain(
      'dynamodb-encryption.fleet.read',
    );
    const items = JSON.parse(body.result.content[0].text).items as {
      arn: string;
      findings: { severity: string }[];
    }[];
    expect(items.map(i => i.arn).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);

    const inAccount = await call(name, {
      accountId: '222222222222',
      minSeverity: 'info',
    });
    const accountItems = JSON.parse(inAccount.body.result.content[0].text)
      .items as { arn: string }[];
    expect(accountItems.every(i => i.arn.includes(':222222222222:'))).toBe(
      true,
    );
    const refused = await call(name, { accountId: '12' });
    expect(refused.body.result.isError).toBe(true);
    const badRotation = await call(name, { rotation: 'sometimes' });
    expect(badRotation.body.result.isError).toBe(true);
    expect(badRotation.body.result.content[0].text).toContain('rotation');
  });

  it('refuses an MCP call with invalid credentials', async () => {
    const res = await request(backend.server)
      .post('/api/mcp-actions/v1')
      .set('Authorization', mockCredentials.user.invalidHeader())
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    expect(res.status).toBe(401);
  });
});
