import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
} from '@aws-sdk/client-kms';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  formatTableArn,
  sseSpecificationFor,
} from '@internal/plugin-dynamodb-encryption-common';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AwsClientFactory,
  createAwsClientFactory,
} from '@internal/plugin-dynamodb-encryption-node';
import { createFleetScanner } from './fleetScanner';
import { FleetStore } from './fleetStore';

jest.setTimeout(120_000);

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A moto server of this test's own, so the test can stop it in the middle of a scan. */
async function startMoto(port: number): Promise<ChildProcess> {
  const bin = process.env.MOTO_SERVER ?? 'moto_server';
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    // moto's request recorder writes here: the test's own count of AWS requests.
    env: {
      ...process.env,
      MOTO_RECORDER_FILEPATH: join(tmpdir(), `moto-recording-${port}`),
    },
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/moto-api/`).then(
        () => true,
        () => false,
      )
    )
      return child;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`moto did not start on ${port} (MOTO_SERVER=${bin})`);
}

const accountId = '333333333333';

async function seed(clients: AwsClientFactory) {
  const target = { accountId, region: 'us-east-1' };
  const kms = await clients.kms(target);
  const dynamodb = await clients.dynamodb(target);
  const shared = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  await kms.send(
    new CreateAliasCommand({
      AliasName: 'alias/shared',
      TargetKeyId: shared.KeyId,
    }),
  );
  await kms.send(new EnableKeyRotationCommand({ KeyId: shared.KeyId }));
  const disabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  const create = (name: string, sse?: object, t = dynamodb) =>
    t.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: sse as any,
      }),
    );
  for (const name of ['shared-a', 'shared-b', 'shared-c'])
    await create(name, sseSpecificationFor('CUSTOMER_MANAGED', shared.Arn));
  await create('managed', sseSpecificationFor('AWS_MANAGED'));
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'owned',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      Tags: [{ Key: 'env', Value: 'prod' }],
    }),
  );
  await create(
    'on-disabled-key',
    sseSpecificationFor('CUSTOMER_MANAGED', disabled.Arn),
  );
  await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
  await create(
    'eu-owned',
    undefined,
    await clients.dynamodb({ accountId, region: 'eu-west-1' }),
  );
}

describe('fleet scanner against a sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: ChildProcess | undefined;
  afterEach(() => moto?.kill());

  it('scans every account-region in about one request per table, joins the catalog, and survives the endpoint stopping mid-scan', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const clients = createAwsClientFactory(
      new ConfigReader({
        dynamodbEncryption: {
          awsEndpoint: `http://127.0.0.1:${port}`,
          awsTimeoutMs: 2000,
        },
      }),
    );
    await seed(clients);

    const knex = await databases.init('SQLITE_3');
    const store = await FleetStore.create(mockServices.database({ knex }), {
      retainScans: 5,
    });
    const entity = (name: string, tags: string[]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        tags,
        annotations: {
          'aws.amazon.com/dynamodb-table-arn': formatTableArn({
            accountId,
            region: 'us-east-1',
            tableName: name,
          }),
        },
      },
      spec: { type: 'dynamodb-table', owner: 'group:default/team-a' },
    });
    const scanner = createFleetScanner({
      clients,
      store,
      catalog: catalogServiceMock({
        entities: [
          entity('shared-a', ['prod']),
          entity('managed', ['prod']),
          entity('owned', []),
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      targets: [{ accountId, regions: ['us-east-1', 'eu-west-1'] }],
      policies: [
        {
          id: 'prod-cmk',
          title: 'Production needs a rotated CMK',
          severity: 'high',
          when: { entityTags: ['prod'] },
          require: { keyTypes: ['CUSTOMER_MANAGED'], rotation: true },
        },
        {
          id: 'aws-prod-cmk',
          title: 'Tables tagged env=prod need a CMK',
          severity: 'high',
          when: { awsTags: { env: 'prod' } },
          require: { keyTypes: ['CUSTOMER_MANAGED'] },
        },
      ],
      concurrency: 4,
    });

    const recorder = (action: string, method = 'POST') =>
      fetch(`http://127.0.0.1:${port}/moto-api/recorder/${action}`, { method });
    await recorder('reset-recording');
    await recorder('start-recording');
    const first = await scanner.scan();
    await recorder('stop-recording');
    const recorded = (
      await (await recorder('download-recording', 'GET')).text()
    )
      .split('\n')
      .filter(Boolean).length;
    const status = await store.latestScan();
    expect(status).toMatchObject({
      id: first,
      status: 'complete',
      progress: { done: 7, total: 7 },
    });
    // 2 ListTables + 2 GetResources + 7 DescribeTable + 3 DescribeKey (shared, disabled, AWS managed)
    // + 2 ListAliases + 2 GetKeyRotationStatus and 2 GetKeyPolicy (the two customer managed keys),
    // as moto recorded them; the scan's own figure (the client factory's middleware) agrees.
    expect(recorded).toBe(20);
    expect(status!.awsRequests).toBe(recorded);

    const { items } = await store.listTables({ limit: 100 });
    const byName = Object.fromEntries(items.map(r => [r.table.name, r]));
    expect(byName['shared-b'].encryption).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      aliases: ['alias/shared'],
      rotation: { enabled: true },
    });
    expect(byName['shared-b'].cost.breakdown[0]).toEqual({
      item: 'Key fee (shared by 3 tables)',
      monthlyUsd: 0.3333,
    });
    expect(byName.managed.encryption.keyType).toBe('AWS_MANAGED');
    expect(byName['eu-owned'].table.region).toBe('eu-west-1');
    expect(byName['on-disabled-key'].findings[0]).toMatchObject({
      id: 'key-disabled',
      severity: 'critical',
    });
    expect(byName['shared-a']).toMatchObject({
      owner: 'group:default/team-a',
      entityRef: 'resource:default/shared-a',
    });
    expect(byName['shared-b'].findings.map(f => f.id)).toContain(
      'unowned-table',
    );
    expect(byName.managed.findings.map(f => f.id)).toContain('policy-prod-cmk');
    expect(byName['shared-a'].findings.map(f => f.id)).not.toContain(
      'policy-prod-cmk',
    );
    expect(byName.owned.findings.map(f => f.id)).toContain(
      'policy-aws-prod-cmk',
    );
    expect(byName.managed.findings.map(f => f.id)).not.toContain(
      'policy-aws-prod-cmk',
    );

    // Stop the endpoint in the middle of the next scan: it fails, and readers keep the complete snapshot.
    const original = clients.dynamodb;
    let described = 0;
    clients.dynamodb = async target => {
      const client = await original(target);
      client.middlewareStack.add(
        next => async args => {
          if (
            (args.input as { TableName?: string }).TableName &&
            ++described === 3
          )
            moto?.kill('SIGKILL');
          return next(args);
        },
        { step: 'initialize', name: 'stopMidScan', override: true },
      );
      return client;
    };
    const second = await scanner.scan();
    expect(await store.latestScan()).toMatchObject({
      id: second,
      status: 'failed',
    });
    expect(
      (await store.listTables({ limit: 100 })).items
        .map(r => r.table.name)
        .sort(),
    ).toEqual(items.map(r => r.table.name).sort());

    // The endpoint is back (empty, as a restarted sandbox is): the next scan completes.
    clients.dynamodb = original;
    moto = await startMoto(port);
    const third = await scanner.scan();
    expect(await store.latestScan()).toMatchObject({
      id: third,
      status: 'complete',
    });
  });
});
