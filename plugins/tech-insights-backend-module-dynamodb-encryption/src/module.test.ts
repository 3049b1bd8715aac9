import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID,
  renderApplicationYaml,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  fleetEntities,
  loadFleet,
  seedFleet,
  tableApplication,
  sandboxPortalConfig,
} from '@internal/sandbox';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
// The plugin whose scan the facts come from, started beside Tech Insights as a backend would.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import dynamoDbEncryptionPlugin from '@dynamodb-encryption/backstage-plugin-backend';
import { resolve } from 'node:path';
import request from 'supertest';
import { techInsightsModuleDynamoDbEncryption } from './module';
import { startOwnMoto } from './__testUtils__/ownMoto';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../..');
const MANIFESTS = 'https://git.example.test/gitops/apps/';

/** Catalog relations as the catalog's processors would add them for the demo services and systems. */
function withRelations(entities: Entity[]): Entity[] {
  return entities.map(e => {
    const spec = (e.spec ?? {}) as { dependsOn?: string[] };
    const relations = (spec.dependsOn ?? []).map(targetRef => ({
      type: 'dependsOn',
      targetRef,
    }));
    if (e.kind === 'System')
      for (const t of entities)
        if (t.kind === 'Resource' && t.spec?.system === e.metadata.name)
          relations.push({
            type: 'hasPart',
            targetRef: `resource:default/${t.metadata.name}`,
          });
    return { ...e, relations };
  });
}

/**
 * The demo fleet scanned by the DynamoDB encryption plugin; the fact retriever run by Tech Insights; the shipped
 * checks run by the JSON rules engine on passing and failing tables, Components and Systems.
 */
describe('DynamoDB encryption facts and checks in Tech Insights', () => {
  let moto: Awaited<ReturnType<typeof startOwnMoto>>;
  let requests: { scan: number; retriever: number };
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let scheduler: SchedulerService;
  let rows: any[] = [];
  const row = (name: string) => rows.find(r => r.table.name === name);
  const severe = (name: string) =>
    row(name).findings.filter((f: any) =>
      ['critical', 'high'].includes(f.severity),
    ).length;
  const auth = mockCredentials.user.header();

  beforeAll(async () => {
    moto = await startOwnMoto();
    const endpoint = moto.endpoint;
    const fleet = await loadFleet(resolve(ROOT, 'sandbox/demo-fleet.yaml'));
    const seeded = await seedFleet(endpoint, fleet);
    const entities = withRelations(
      fleetEntities(
        fleet,
        seeded,
        name => `${MANIFESTS}${name}.yaml`,
      ) as Entity[],
    );
    const manifests = new Map(
      fleet.tables.map(t => [
        `${MANIFESTS}${t.name}.yaml`,
        renderApplicationYaml(tableApplication(fleet, t, seeded.keyArns)),
      ]),
    );
    backend = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        techInsightsPlugin,
        techInsightsModuleDynamoDbEncryption,
        createBackendModule({
          pluginId: 'tech-insights',
          moduleId: 'test-scheduler',
          register(env) {
            env.registerInit({
              deps: { s: coreServices.scheduler },
              async init({ s }) {
                scheduler = s;
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: sandboxPortalConfig(
            resolve(ROOT, 'app-config.sandbox.yaml'),
            endpoint!,
            {
              techInsights: {
                factRetrievers: {
                  [DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID]: {
                    cadence: '0 0 1 1 *',
                    initialDelay: { hours: 1 },
                  },
                },
              },
            },
          ),
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.urlReader.mock({
          readUrl: async url => {
            const text = manifests.get(url);
            if (!text) throw new Error(`no manifest at ${url}`);
            return { buffer: async () => Buffer.from(text) } as any;
          },
        }).factory,
      ],
    });
    const server = backend.server;
    await moto.record();
    const started = await request(server)
      .post('/api/dynamodb-encryption/fleet/scans')
      .set('Authorization', auth);
    if (started.status !== 202)
      throw new Error(`No fleet scan started: ${started.text}`);
    for (let i = 0; i < 240; i++) {
      const latest = await request(server)
        .get('/api/dynamodb-encryption/fleet/scans/latest')
        .set('Authorization', auth);
      if (latest.body.status === 'complete') break;
      if (latest.body.status === 'failed')
        throw new Error(`The fleet scan failed: ${latest.text}`);
      await new Promise(r => setTimeout(r, 250));
    }
    rows = (
      await request(server)
        .get('/api/dynamodb-encryption/fleet/tables?limit=1000')
        .set('Authorization', auth)
    ).body.items;
    const scan = await moto.recorded();
    await moto.record();
    await scheduler.triggerTask(DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID);
    for (let i = 0; i < 240; i++) {
      if (await factsOf('system:default/billing')) break;
      await new Promise(r => setTimeout(r, 250));
    }
    requests = { scan, retriever: await moto.recorded() };
  });

  afterAll(async () => {
    await backend?.stop();
    moto?.stop();
  });

  it('reads no AWS: every fact comes from the scan', () => {
    expect(requests.scan).toBeGreaterThan(0);
    expect(requests.retriever).toBe(0);
  });

  async function factsOf(entity: string) {
    const res = await request(backend.server)
      .get('/api/tech-insights/facts/latest')
      .query({ entity, 'ids[]': DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID })
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body[DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID]?.facts as
      | Record<string, unknown>
      | undefined;
  }

  async function checksOf(kind: string, name: string) {
    const res = await request(backend.server)
      .post(`/api/tech-insights/checks/run/default/${kind}/${name}`)
      .set('Authorization', auth)
      .send({});
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body as { check: { id: string }; result: boolean }[]).map(r => [
        r.check.id,
        r.result,
      ]),
    );
  }

  it('publishes each table’s facts from the scan, and nothing it cannot know', async () => {
    const orders = await factsOf('resource:default/orders');
    expect(orders).toEqual({
      tables: 1,
      keyType: 'CUSTOMER_MANAGED',
      keyState: 'Enabled',
      customerManagedKey: true,
      rotationEnabled: true,
      monthlyCostUsd: row('orders').cost.monthlyUsd,
      criticalOrHighFindings: 0,
      driftPresent: false,
    });
    const ledger = await factsOf('resource:default/legacy-ledger');
    expect(ledger).toMatchObject({
      keyState: 'Disabled',
      rotationEnabled: false,
    });
    expect(ledger!.criticalOrHighFindings).toBe(severe('legacy-ledger'));
    expect(ledger!.criticalOrHighFindings).toBeGreaterThan(0);
    // Its manifest names the key by alias: the ACK controller would update the table forever.
    expect(await factsOf('resource:default/payments')).toMatchObject({
      driftPresent: true,
    });
    const owned = await factsOf('resource:default/user-sessions');
    expect(owned).toMatchObject({
      keyType: 'AWS_OWNED',
      customerManagedKey: false,
    });
    expect(owned).not.toHaveProperty('rotationEnabled');
    expect(owned).not.toHaveProperty('keyState');
    expect(await factsOf('resource:default/no-such-table')).toBeUndefined();
  });

  it('passes a table with a rotating, enabled customer managed key that matches Git', async () => {
    expect(await checksOf('resource', 'orders')).toEqual({
      dynamodbCustomerManagedKey: true,
      dynamodbKeyRotation: true,
      dynamodbNoSevereFindings: true,
      dynamodbNoDrift: true,
    });
  });

  it('fails each check on a table that breaks it', async () => {
    expect(await checksOf('resource', 'legacy-ledger')).toMatchObject({
      dynamodbKeyRotation: false,
      dynamodbNoSevereFindings: false,
    });
    expect(await checksOf('resource', 'payments')).toMatchObject({
      dynamodbKeyRotation: false,
      dynamodbNoDrift: false,
    });
    // Rotation of the AWS owned key cannot be seen: that check is not run rather than guessed.
    expect(await checksOf('resource', 'user-sessions')).toEqual({
      dynamodbCustomerManagedKey: false,
      dynamodbNoSevereFindings: severe('user-sessions') === 0,
      dynamodbNoDrift: true,
    });
  });

  it('passes a Component only when every table it depends on passes', async () => {
    expect(await checksOf('component', 'orders-service')).toEqual({
      dynamodbCustomerManagedKey: true,
      dynamodbKeyRotation: true,
      dynamodbNoSevereFindings: true,
      dynamodbNoDrift: true,
    });
    expect(await checksOf('component', 'payments-service')).toEqual({
      dynamodbCustomerManagedKey: true,
      dynamodbKeyRotation: false,
      dynamodbNoSevereFindings: false,
      dynamodbNoDrift: false,
    });
    expect(await factsOf('component:default/payments-service')).toMatchObject({
      tables: 3,
    });
  });

  it('judges a System by the tables it has', async () => {
    const commerce = await checksOf('system', 'commerce');
    expect(commerce.dynamodbCustomerManagedKey).toBe(true);
    expect(commerce.dynamodbNoSevereFindings).toBe(false);
    expect(await factsOf('system:default/commerce')).toMatchObject({
      tables: 5,
    });
  });
});
