import {
  CreateTableCommand,
  TagResourceCommand,
} from '@aws-sdk/client-dynamodb';
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
} from '@dynamodb-encryption/backstage-plugin-common';
import { ChildProcess } from 'node:child_process';
import {
  AwsClientFactory,
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { freePort, motoRecorder, startMoto } from '../testing/moto';
import { createFleetScanner } from './fleetScanner';
import { FleetStore } from '../store/fleetStore';

jest.setTimeout(120_000);

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
  await dynamodb.send(
    new TagResourceCommand({
      ResourceArn: formatTableArn({ ...target, tableName: 'shared-c' }),
      Tags: [
        { Key: 'owner', Value: 'team-c' },
        { Key: 'system', Value: 'shop' },
      ],
    }),
  );
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
    const config = new ConfigReader(
      sandboxAwsConfig(`http://127.0.0.1:${port}`, {
        accountIds: [accountId],
        config: { dynamodbEncryption: { awsTimeoutMs: 2000 } },
      }),
    );
    // Seeded and scanned by separate clients, so the scan assumes its role itself.
    const clients = createAwsClientFactory(config);
    await seed(createAwsClientFactory(config));

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
    const logger = mockServices.logger.mock();
    const scanner = createFleetScanner({
      clients,
      store,
      catalog: catalogServiceMock({
        entities: [
          entity('shared-a', ['prod']),
          entity('managed', ['prod']),
          entity('owned', []),
          // What the catalog module made of an earlier scan: it declares nothing.
          {
            ...entity('shared-b', []),
            metadata: {
              ...entity('shared-b', []).metadata,
              name: 'shared-b-333333333333-us-east-1',
              annotations: {
                ...entity('shared-b', []).metadata.annotations,
                'dynamodb-encryption.io/discovered': 'true',
              },
            },
          },
        ],
      }),
      auth: mockServices.auth(),
      logger,
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

    const recorder = motoRecorder(port);
    await recorder.start();
    const first = await scanner.scan();
    const recorded = await recorder.stop();
    const status = await store.latestScan();
    expect(status).toMatchObject({
      id: first,
      status: 'complete',
      progress: { done: 7, total: 7 },
    });
    // 2 ListTables + 2 GetResources + 7 DescribeTable + 3 DescribeKey (shared, disabled, AWS managed)
    // + 1 ListAliases (eu-west-1 has no KMS table, so none there) + 2 GetKeyRotationStatus,
    // 2 GetKeyPolicy and 2 ListGrants (one each per distinct customer managed key: who may use the key
    // needs its grants as well as its policy; moto answers ListGrants in one page), as moto recorded them;
    // the scan's own figure (the client factory's middleware, STS aside) agrees.
    // Plus one AssumeRole: the account is reached through its role (aws.accounts), not a sandbox header.
    expect(recorded.filter(r => r.action === 'AssumeRole')).toHaveLength(1);
    expect(recorded.filter(r => r.accountHeader)).toEqual([]);
    expect(recorded.filter(r => r.action === 'ListGrants')).toHaveLength(2);
    expect(recorded).toHaveLength(22);
    expect(status!.awsRequests).toBe(recorded.length - 1);
    // Both regions, read at the same time, are in the total it logs.
    expect(logger.info).toHaveBeenCalledWith(
      'Fleet scan finished',
      expect.objectContaining({ scanId: first, tables: 7 }),
    );
    // What the scan staged while it read is gone once it ended.
    const staged = () =>
      knex('dynamodb_encryption_observations').count({ n: '*' }).first();
    expect(Number((await staged())?.n)).toBe(0);

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
    expect(byName['shared-b'].entityRef).toBeUndefined();
    // Undeclared but tagged: owned through its tags, so not "unowned".
    expect(byName['shared-c']).toMatchObject({
      owner: 'group:default/team-c',
      system: 'shop',
      awsTags: { owner: 'team-c', system: 'shop' },
    });
    expect(byName['shared-c'].findings.map(f => f.id)).not.toContain(
      'unowned-table',
    );
    // What the catalog module turns into entities: never a Git-declared table.
    expect(
      (await store.undeclaredTables())!.tables.map(t => t.tableName).sort(),
    ).toEqual(['eu-owned', 'on-disabled-key', 'shared-b', 'shared-c']);
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

    // Stop the endpoint in the middle of the next scan: readers keep every table of the complete snapshot.
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
    // Failed when no region was read before the endpoint stopped; partial when one was, the others kept
    // from the snapshot before, marked stale. Either way readers see every table.
    const interrupted = await store.latestScan();
    expect(interrupted!.id).toBe(second);
    expect(['failed', 'partial']).toContain(interrupted!.status);
    expect(Number((await staged())?.n)).toBe(0);
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
