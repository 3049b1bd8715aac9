import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
} from '@aws-sdk/client-kms';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  formatTableArn,
  keyTypeChoiceEstimates,
  sseSpecificationFor,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from './plugin';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';

// Started by scripts/test.sh on a port of its own.
const endpoint = process.env.SANDBOX_ENDPOINT;
// A fresh account per run keeps this file independent of other tests sharing the sandbox.
const accountId = String(
  100000000000 + Math.floor(Math.random() * 899999999999),
);
const region = 'us-east-1';

const manifestUrl =
  'https://git.example.com/gitops/raw/main/apps/alias-table.yaml';
const manifest = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: { name: alias-table }
spec:
  components:
    - name: alias-table
      type: aws-dynamodb-kro
      properties: { tableName: alias-table, region: us-east-1 }
      traits:
        - type: dynamodb-encryption-kro
          properties: { sseType: KMS, kmsKeyId: alias/test-orders }
`;

function resource(
  name: string,
  arn?: string,
  extra: Record<string, string> = {},
): Entity {
  const annotations: Record<string, string> = arn
    ? { [DYNAMODB_TABLE_ARN_ANNOTATION]: arn, ...extra }
    : {};
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'dynamodb-table', owner: 'group:default/team' },
  };
}

describe('dynamodb-encryption backend against the sandbox', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    if (!endpoint) {
      throw new Error(
        'SANDBOX_ENDPOINT is not set: run the tests with ./scripts/test.sh, which starts the sandbox',
      );
    }
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const target = { accountId, region };
    const kms = await clients.kms(target);
    const dynamodb = await clients.dynamodb(target);
    const cmk = (
      await kms.send(new CreateKeyCommand({ Description: 'test cmk' }))
    ).KeyMetadata!;
    await kms.send(
      new CreateAliasCommand({
        AliasName: 'alias/test-orders',
        TargetKeyId: cmk.KeyId,
      }),
    );
    const disabled = (
      await kms.send(new CreateKeyCommand({ Description: 'test disabled' }))
    ).KeyMetadata!;
    const create = (
      name: string,
      sse?: ReturnType<typeof sseSpecificationFor>,
    ) =>
      dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: sse,
        }),
      );
    await create('owned-table');
    await create('managed-table', sseSpecificationFor('AWS_MANAGED'));
    await create('cmk-table', sseSpecificationFor('CUSTOMER_MANAGED', cmk.Arn));
    // An alias as the key, as hand-written manifests do: moto echoes it, DescribeKey normalises it.
    await create(
      'alias-table',
      sseSpecificationFor('CUSTOMER_MANAGED', 'alias/test-orders'),
    );
    await create(
      'disabled-key-table',
      sseSpecificationFor('CUSTOMER_MANAGED', disabled.Arn),
    );
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));

    const arn = (tableName: string) =>
      formatTableArn({ region, accountId, tableName });
    ({ server } = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.rootConfig.factory({
          data: sandboxAwsConfig(endpoint),
        }),
        // Without this the test backend treats a request without credentials as a user's.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({
          entities: [
            resource('owned-table', arn('owned-table')),
            resource('managed-table', arn('managed-table')),
            resource('cmk-table', arn('cmk-table')),
            resource('alias-table', arn('alias-table'), {
              [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: manifestUrl,
            }),
            resource('disabled-key-table', arn('disabled-key-table')),
            resource('missing-table', arn('missing-table')),
            resource('no-annotation'),
            resource('bad-annotation', 'arn:aws:s3:::bucket'),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'orders-service', namespace: 'default' },
              spec: {
                type: 'service',
                owner: 'group:default/team',
                lifecycle: 'production',
              },
              relations: [
                { type: 'dependsOn', targetRef: 'resource:default/cmk-table' },
                {
                  type: 'dependsOn',
                  targetRef: 'resource:default/owned-table',
                },
                { type: 'dependsOn', targetRef: 'component:default/other' },
              ],
            },
          ],
        }),
        mockServices.urlReader.mock({
          readUrl: async url => {
            if (url !== manifestUrl) throw new Error(`unexpected ${url}`);
            return { buffer: async () => Buffer.from(manifest) } as any;
          },
        }).factory,
      ],
    }));
  });

  const get = (name: string) =>
    request(server)
      .get(
        `/api/dynamodb-encryption/entities/default/resource/${name}/encryption`,
      )
      .set('Authorization', mockCredentials.user.header());

  it('answers /health without credentials', async () => {
    const res = await request(server).get('/api/dynamodb-encryption/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses a report without credentials', async () => {
    const res = await request(server).get(
      '/api/dynamodb-encryption/entities/default/resource/cmk-table/encryption',
    );
    expect(res.status).toBe(401);
  });

  it('reports the AWS owned key', async () => {
    const res = await get('owned-table');
    expect(res.status).toBe(200);
    expect(res.body.table).toMatchObject({
      name: 'owned-table',
      accountId,
      region,
      arn: formatTableArn({ region, accountId, tableName: 'owned-table' }),
    });
    expect(res.body.encryption).toEqual({ keyType: 'AWS_OWNED', aliases: [] });
    expect(res.body.cost).toMatchObject({ monthlyUsd: 0, breakdown: [] });
  });

  it('reports the AWS managed key, recognised by its alias in the sandbox', async () => {
    const res = await get('managed-table');
    expect(res.status).toBe(200);
    expect(res.body.encryption).toMatchObject({
      keyType: 'AWS_MANAGED',
      aliases: ['alias/aws/dynamodb'],
      rotation: { enabled: true, periodDays: 365, managedByAws: true },
    });
  });

  it('reports a customer managed key with alias, state and rotation', async () => {
    const res = await get('cmk-table');
    expect(res.status).toBe(200);
    expect(res.body.encryption).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      aliases: ['alias/test-orders'],
      keyState: 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      rotation: { enabled: false },
    });
    expect(res.body.encryption.kmsKeyArn).toMatch(
      new RegExp(`^arn:aws:kms:${region}:${accountId}:key/`),
    );
    // moto's default key policy is the account root with kms:*: a delegation to IAM, said as info.
    expect(res.body.findings.map((f: { id: string }) => f.id)).toEqual([
      'compliance-key-rotation',
      'key-policy-undetermined',
      'key-delegated-to-iam',
    ]);
    // Evidence per control, not a verdict: rotation is off, and who may use the key is IAM's to decide.
    const control = (id: string) =>
      res.body.compliance.find((c: { controlId: string }) => c.controlId === id)
        ?.result;
    expect([control('3.7.4'), control('3.6.1'), control('SC-28(1)')]).toEqual([
      'evidence-missing',
      'unknown',
      'evidence-present',
    ]);
    // A fresh, unrotated CMK of its own: the key fee and one active caller's requests.
    expect(res.body.cost.monthlyUsd).toBe(1.0259);
    expect(res.body.cost.breakdown[0]).toEqual({
      item: 'Key fee (shared by 1 table)',
      monthlyUsd: 1,
    });
  });

  it('normalises an alias echoed by DynamoDB to the key ARN', async () => {
    const [alias, cmk] = await Promise.all([
      get('alias-table'),
      get('cmk-table'),
    ]);
    expect(alias.body.encryption.kmsKeyArn).toBe(cmk.body.encryption.kmsKeyArn);
  });

  it('reads the desired encryption from the Application manifest and flags the alias the ACK controller needs as an ARN', async () => {
    const res = await get('alias-table');
    expect(res.body.desired).toEqual({
      enabled: true,
      sseType: 'KMS',
      kmsKeyId: 'alias/test-orders',
      manifestUrl,
    });
    expect(res.body.drift).toEqual([
      expect.objectContaining({
        field: 'kmsKeyId',
        desired: 'alias/test-orders',
        actual: res.body.encryption.kmsKeyArn,
      }),
    ]);
    expect(res.body.drift[0].message).toMatch(/needs the key ARN/);
  });

  it('tells whether the key policy lets DynamoDB use the key', async () => {
    const res = await get('cmk-table');
    // moto's default key policy delegates to IAM (root kms:*).
    expect(res.body.encryption.keyPolicy.verdict).toBe('undetermined');
  });

  it('lists the tables a Component depends on, each summarised', async () => {
    const res = await request(server)
      .get(
        '/api/dynamodb-encryption/entities/default/component/orders-service/tables',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'resource:default/cmk-table',
        keyType: 'CUSTOMER_MANAGED',
        aliases: ['alias/test-orders'],
        rotation: expect.objectContaining({ enabled: expect.any(Boolean) }),
        monthlyUsd: expect.any(Number),
      }),
      expect.objectContaining({
        entityRef: 'resource:default/owned-table',
        keyType: 'AWS_OWNED',
      }),
    ]);
  });

  it('flags a disabled key as critical', async () => {
    const res = await get('disabled-key-table');
    expect(res.body.encryption.keyState).toBe('Disabled');
    expect(res.body.findings[0]).toMatchObject({
      id: 'key-disabled',
      severity: 'critical',
    });
  });

  it('answers 404 naming account and region for a table AWS does not have', async () => {
    const res = await get('missing-table');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      `table missing-table not found in ${accountId}/${region}`,
    );
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 404 for an unknown entity and for one without the annotation', async () => {
    expect((await get('nope')).status).toBe(404);
    const res = await get('no-annotation');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(DYNAMODB_TABLE_ARN_ANNOTATION);
  });

  it('answers 400 for a malformed annotation or entity name', async () => {
    expect((await get('bad-annotation')).status).toBe(400);
    const res = await request(server)
      .get(
        '/api/dynamodb-encryption/entities/default/resource/bad%20name%24/encryption',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('name');
  });
});

describe('GET /kms-keys against the sandbox', () => {
  it('lists customer managed keys, usable first, and refuses bad parameters naming them', async () => {
    const { server: keysServer } = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.rootConfig.factory({
          data: sandboxAwsConfig(endpoint!, {
            config: { dynamodbEncryption: { defaultAccountId: accountId } },
          }),
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const call = (query: string) =>
      request(keysServer)
        .get(`/api/dynamodb-encryption/kms-keys${query}`)
        .set('Authorization', mockCredentials.user.header());
    const res = await call(`?region=${region}`);
    expect(res.status).toBe(200);
    expect(res.body.accountId).toBe(accountId);
    // The two key types without a key to pick are priced by the same assessment, for the review step.
    expect(res.body.choices).toEqual(
      keyTypeChoiceEstimates({ accountId, region }),
    );
    expect(res.body.choices.AWS_MANAGED.monthlyUsd).toBeGreaterThan(0);
    const items = res.body.items as {
      aliases: string[];
      usable: boolean;
      keyState: string;
      reason?: string;
    }[];
    expect(
      items.find(k => k.aliases.includes('alias/test-orders')),
    ).toMatchObject({ usable: true, keyState: 'Enabled' });
    expect(items.find(k => k.keyState === 'Disabled')).toMatchObject({
      usable: false,
      reason: 'the key is disabled',
    });
    expect(items.findIndex(k => !k.usable)).toBeGreaterThan(
      items.findIndex(k => k.usable),
    );
    // The AWS managed key (created by the managed-table) is chosen as "AWS managed", never picked.
    expect(items.some(k => k.aliases.includes('alias/aws/dynamodb'))).toBe(
      false,
    );

    expect((await call('?region=mars')).body.error.message).toBe(
      'Invalid region: must be an AWS region such as us-east-1',
    );
    expect((await call(`?region=${region}&accountId=12`)).status).toBe(400);
    expect(
      (
        await request(keysServer).get(
          `/api/dynamodb-encryption/kms-keys?region=${region}`,
        )
      ).status,
    ).toBe(401);
  });
});

describe('dynamodb-encryption backend with a denying permission policy', () => {
  it('answers 404 for an entity the caller may not read the encryption of', async () => {
    const { server } = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.rootConfig.factory({
          data: { dynamodbEncryption: { awsEndpoint: 'http://127.0.0.1:9' } },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({
          entities: [
            resource(
              'cmk-table',
              formatTableArn({ region, accountId, tableName: 'cmk-table' }),
            ),
          ],
        }),
      ],
    });
    const res = await request(server)
      .get(
        '/api/dynamodb-encryption/entities/default/resource/cmk-table/encryption',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No entity resource:default/cmk-table');

    // The key list of the form and the fleet are refused outright: 403, before any AWS call.
    const keys = await request(server)
      .get(
        '/api/dynamodb-encryption/kms-keys?region=us-east-1&accountId=111111111111',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(keys.status).toBe(403);
    expect(keys.body.error.message).toContain(
      'dynamodb-encryption.kms-keys.list',
    );
    const fleet = await request(server)
      .get('/api/dynamodb-encryption/fleet/summary')
      .set('Authorization', mockCredentials.user.header());
    expect(fleet.status).toBe(403);
    expect(fleet.body.error.message).toContain(
      'dynamodb-encryption.fleet.read',
    );

    // Policies can name them: the plugin publishes them in its permission metadata.
    const metadata = await request(server).get(
      '/api/dynamodb-encryption/.well-known/backstage/permissions/metadata',
    );
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name),
    ).toEqual(
      expect.arrayContaining([
        'dynamodb-encryption.table.read',
        'dynamodb-encryption.fleet.read',
        'dynamodb-encryption.fleet.scan',
        'dynamodb-encryption.kms-keys.list',
      ]),
    );
  });
});
