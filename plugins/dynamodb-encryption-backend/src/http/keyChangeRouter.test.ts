import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
} from '@aws-sdk/client-kms';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  assessTable,
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  FleetRow,
  formatTableArn,
  KeyChangePreview,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createKmsKeyService,
  createTableAssessmentService,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { createServer, Server } from 'node:http';
import request from 'supertest';
import { createKeyChangePreviewService } from '../keyChange/keyChangePreview';
import { createEncryptionReportService } from '../report/encryptionReportService';
import { createEntityAccess } from '../report/entityAccess';
import { FleetStore } from '../store/fleetStore';
import { freePort, startMoto } from '../testing/moto';
import { createKeyChangeRouter } from './keyChangeRouter';

jest.setTimeout(120_000);

const accountId = '888888888888';
const region = 'us-east-1';
const arn = formatTableArn({ region, accountId, tableName: 'orders' });
const manifest = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: orders
spec:
  components:
    - name: orders
      type: aws-dynamodb-kro
      properties:
        tableName: orders
        region: ${region}
      traits:
        - type: dynamodb-encryption-kro
          properties:
            enabled: true
            sseType: AES256
`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

/** A fleet row of `orders` as a scan (or an event) read it. */
function row(readAt: Date, key?: string, event?: FleetRow['event']): FleetRow {
  const table = { arn, name: 'orders', accountId, region };
  const assessed = assessTable(
    key
      ? {
          table,
          sse: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: key },
          key: { Arn: key, KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
          aliases: [],
        }
      : { table },
  );
  return { ...assessed, readAt: readAt.toISOString(), event };
}

describe('POST /key-change/preview', () => {
  let moto: ChildProcess;
  let git: Server;
  let gitUrl: string;
  let cmk: string;
  let disabled: string;
  let europe: string;
  const other = `arn:aws:kms:${region}:${accountId}:key/11111111-2222-3333-4444-555555555555`;

  beforeAll(async () => {
    const port = await freePort();
    moto = await startMoto(port);
    process.env.KEY_CHANGE_TEST_AWS = `http://127.0.0.1:${port}`;
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(process.env.KEY_CHANGE_TEST_AWS)),
    );
    const kms = await clients.kms({ accountId, region });
    const create = async () =>
      (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const key = await create();
    await kms.send(
      new CreateAliasCommand({
        AliasName: 'alias/orders-data',
        TargetKeyId: key.KeyId,
      }),
    );
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    cmk = key.Arn!;
    const off = await create();
    await kms.send(new DisableKeyCommand({ KeyId: off.KeyId }));
    disabled = off.Arn!;
    const eu = await clients.kms({ accountId, region: 'eu-west-1' });
    europe = (await eu.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await (
      await clients.dynamodb({ accountId, region })
    ).send(
      new CreateTableCommand({
        TableName: 'orders',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    // The GitOps repository, served over HTTP as the sandbox serves its own.
    const gitPort = await freePort();
    gitUrl = `127.0.0.1:${gitPort}`;
    git = createServer((req, res) => {
      if (req.url === '/apps/orders/application.yaml') res.end(manifest);
      else res.writeHead(404).end();
    }).listen(gitPort, '127.0.0.1');
  });
  afterAll(() => {
    moto?.kill();
    git?.close();
  });

  async function backend(
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const entities: Entity[] = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'orders',
          annotations: {
            [DYNAMODB_TABLE_ARN_ANNOTATION]: arn,
            [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: `http://${gitUrl}/apps/orders/application.yaml`,
          },
        },
        spec: { type: 'dynamodb-table', owner: 'group:default/orders-team' },
      },
    ];
    // The key change wired as the plugin wires it, over a store holding three scans of the table: on the
    // AWS owned key 30 hours ago, on another customer managed key 10 hours ago, and back on the AWS owned
    // key after an UpdateTable event 2 hours ago.
    const plugin = createBackendPlugin({
      pluginId: 'dynamodb-encryption',
      register(env) {
        env.registerInit({
          deps: {
            httpAuth: coreServices.httpAuth,
            httpRouter: coreServices.httpRouter,
            permissions: coreServices.permissions,
            database: coreServices.database,
            urlReader: coreServices.urlReader,
            cache: coreServices.cache,
            logger: coreServices.logger,
            catalog: catalogServiceRef,
          },
          async init(d) {
            const store = await FleetStore.create(d.database, {
              retainScans: 5,
            });
            const event = {
              name: 'UpdateTable',
              time: hoursAgo(2.1).toISOString(),
            };
            for (const r of [
              row(hoursAgo(30)),
              row(hoursAgo(10), other),
              row(hoursAgo(2), undefined, event),
            ]) {
              const scan = await store.startScan();
              await store.addRows(scan, [r]);
              await store.finishScan(scan, 'complete', []);
            }
            const clients = createAwsClientFactory(
              new ConfigReader(
                sandboxAwsConfig(process.env.KEY_CHANGE_TEST_AWS!),
              ),
            );
            const access = createEntityAccess(d);
            const reports = createEncryptionReportService({
              ...d,
              access,
              assessments: createTableAssessmentService(clients),
              fleetRow: a => store.latestRow(a),
              cacheTtlMs: 1,
              staleTtlMs: 1,
            });
            d.httpRouter.use(
              createKeyChangeRouter({
                ...d,
                keyChanges: createKeyChangePreviewService({
                  ...d,
                  access,
                  reports,
                  clients,
                  keys: createKmsKeyService(clients),
                  store,
                }),
              }),
            );
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        plugin,
        mockServices.rootConfig.factory({
          data: { backend: { reading: { allow: [{ host: gitUrl }] } } },
        }),
        mockServices.permissions.factory({ result }),
        catalogServiceMock.factory({ entities }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    return server;
  }

  const path = '/api/dynamodb-encryption/key-change/preview';
  const user = mockCredentials.user.header();

  it('needs credentials', async () => {
    const server = await backend();
    const res = await request(server)
      .post(path)
      .send({ entityRef: 'resource:default/orders', keyChoice: 'AWS_MANAGED' });
    expect(res.status).toBe(401);
  });

  it('answers 400 naming the field', async () => {
    const server = await backend();
    const post = (body: object) =>
      request(server).post(path).set('Authorization', user).send(body);
    const cases: [object, string][] = [
      [
        { keyChoice: 'AWS_OWNED' },
        'Invalid entityRef: Required: the table entity',
      ],
      [
        { entityRef: 'resource:default/', keyChoice: 'AWS_OWNED' },
        'Invalid entityRef: ',
      ],
      [
        { entityRef: 'orders', keyChoice: 'AES256' },
        'Invalid keyChoice: must be one of AWS_OWNED, AWS_MANAGED, CUSTOMER_MANAGED',
      ],
      [
        { entityRef: 'orders', keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn: '' },
        'Invalid kmsKeyArn: required for a customer managed key',
      ],
      [
        { entityRef: 'orders', keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn: 42 },
        'Invalid kmsKeyArn: Expected string, received number',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect({ status: res.status, message: res.body.error.message }).toEqual({
        status: 400,
        message: expect.stringContaining(message),
      });
    }
  });

  it('answers 404 for an entity the caller may not read, as the report does', async () => {
    const denied = await backend(AuthorizeResult.DENY);
    const res = await request(denied)
      .post(path)
      .set('Authorization', user)
      .send({ entityRef: 'resource:default/orders', keyChoice: 'AWS_MANAGED' });
    expect(res.status).toBe(404);
    const server = await backend();
    const missing = await request(server)
      .post(path)
      .set('Authorization', user)
      .send({ entityRef: 'resource:default/nope', keyChoice: 'AWS_MANAGED' });
    expect(missing.status).toBe(404);
  });

  it('shows the diff, the cost before and after, and the switches the portal saw', async () => {
    const server = await backend();
    const res = await request(server)
      .post(path)
      .set('Authorization', user)
      .send({
        entityRef: 'resource:default/orders',
        keyChoice: 'CUSTOMER_MANAGED',
        kmsKeyArn: 'alias/orders-data',
      });
    expect(res.status).toBe(200);
    const preview: KeyChangePreview = res.body;
    expect(preview.refusals).toEqual([]);
    expect(preview.changed).toBe(true);
    expect(preview.diff).toBe(`--- a/apps/orders/application.yaml
+++ b/apps/orders/application.yaml
@@ -13,4 +13,5 @@
         - type: dynamodb-encryption-kro
           properties:
             enabled: true
-            sseType: AES256
+            sseType: KMS
+            kmsKeyId: ${cmk}
`);
    expect(preview.desired).toEqual({ enabled: true, sseType: 'AES256' });
    expect(preview.current).toMatchObject({
      keyType: 'AWS_OWNED',
      monthlyUsd: 0,
      costLabel: '$0.00 / month',
    });
    expect(preview.proposed).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn: cmk,
      aliases: ['alias/orders-data'],
    });
    // The key's fee at least, with the scan's key sharing counted as if the table were on it already.
    expect(preview.proposed.monthlyUsd).toBeGreaterThanOrEqual(1);
    expect(preview.proposed.basis).toMatch(/^Key fee split across the 1 table/);
    expect(preview.switches).toMatchObject({
      known: true,
      counted: 1,
      recent: [
        {
          source: 'event',
          eventName: 'UpdateTable',
          from: { keyType: 'CUSTOMER_MANAGED', kmsKeyArn: other },
          to: { keyType: 'AWS_OWNED' },
        },
        {
          source: 'scan',
          from: { keyType: 'AWS_OWNED' },
          to: { keyType: 'CUSTOMER_MANAGED', kmsKeyArn: other },
        },
      ],
    });
    expect(preview.switches.note).toMatch(
      /^In the last 24 hours the portal saw 2 switches \(1 counted against the limit\) of this table's key\./,
    );
  });

  it.each([
    [
      'a disabled key',
      () => disabled,
      () =>
        `kmsKeyArn ${disabled}: the key is disabled; choose an enabled symmetric encryption key in ${accountId}/${region}`,
    ],
    [
      'a key of another region',
      () => europe,
      () =>
        `kmsKeyArn ${europe} is a key in eu-west-1; the table is in us-east-1, and DynamoDB uses keys of the table's region only`,
    ],
  ])('says why it refuses %s, before Create', async (_n, key, words) => {
    const server = await backend();
    const res = await request(server)
      .post(path)
      .set('Authorization', user)
      .send({
        entityRef: 'orders',
        keyChoice: 'CUSTOMER_MANAGED',
        kmsKeyArn: key(),
      });
    expect(res.status).toBe(200);
    expect(res.body.refusals).toEqual([
      { field: 'kmsKeyArn', message: words() },
    ]);
    expect(res.body.diff).toBe('');
    expect(res.body.proposed.costLabel).toBe(
      'Unknown (the key cannot be used)',
    );
  });

  it('prices the AWS managed key and says when there is nothing to change', async () => {
    const server = await backend();
    const managed = await request(server)
      .post(path)
      .set('Authorization', user)
      .send({ entityRef: 'orders', keyChoice: 'AWS_MANAGED' });
    expect(managed.body.proposed).toMatchObject({ keyType: 'AWS_MANAGED' });
    expect(managed.body.proposed.monthlyUsd).toBeGreaterThanOrEqual(0);
    expect(managed.body.diff).toContain(
      '+            kmsKeyId: alias/aws/dynamodb',
    );
    const same = await request(server)
      .post(path)
      .set('Authorization', user)
      .send({ entityRef: 'orders', keyChoice: 'AWS_OWNED' });
    expect(same.body.refusals).toEqual([
      {
        field: 'keyChoice',
        message:
          'The Application already asks for the AWS owned key: nothing to change',
      },
    ]);
    expect(same.body.changed).toBe(false);
  });

  it('hears that a key change started: 204, 400 without a table, 404 for one the caller may not read', async () => {
    const started = '/api/dynamodb-encryption/key-change/started';
    const server = await backend();
    const ok = await request(server)
      .post(started)
      .set('Authorization', user)
      .send({ entityRef: 'resource:default/orders' });
    expect(ok.status).toBe(204);
    const bad = await request(server)
      .post(started)
      .set('Authorization', user)
      .send({});
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid entityRef: Required: the table entity',
    );
    const denied = await request(await backend(AuthorizeResult.DENY))
      .post(started)
      .set('Authorization', user)
      .send({ entityRef: 'resource:default/orders' });
    expect(denied.status).toBe(404);
    expect(
      (await request(server).post(started).send({ entityRef: 'orders' }))
        .status,
    ).toBe(401);
  });
});
