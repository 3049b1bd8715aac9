import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
} from '@aws-sdk/client-kms';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  parseTableArn,
  sseSpecificationFor,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  readTableEncryption,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { freePort, motoCall, motoRecorder, startMoto } from '../testing/moto';
import {
  createOrganization,
  createPortalIam,
  MAIN_ACCOUNT as MAIN,
  READER_ROLE as ROLE,
  readerRoleArn as role,
} from '../testing/organization';
import { createFleetScanner } from './fleetScanner';
import { FleetStore } from '../store/fleetStore';

jest.setTimeout(120_000);

describe('fleet scan of an AWS Organization through assumed roles, with IAM enforced', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('lists ACTIVE accounts, assumes the role once in each, reports the account it cannot reach and scans the others', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;

    // The organization: the main account manages it; moto gives members random ids.
    const [shop, billing, locked, closed] = await createOrganization(port, [
      'shop',
      'billing',
      'locked',
      'closed',
    ]);
    await motoCall(port, 'organizations', 'CloseAccount', {
      AccountId: closed,
    });

    // Tables, seeded through roles like everything else.
    const seeder = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const table = async (
      accountId: string,
      region: string,
      name: string,
      sse?: object,
    ) =>
      (await seeder.dynamodb({ accountId, region })).send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: sse as any,
          Tags: [{ Key: 'owner', Value: 'group:default/shop-team' }],
        }),
      );
    const kms = await seeder.kms({ accountId: shop, region: 'us-east-1' });
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(
      new CreateAliasCommand({
        AliasName: 'alias/shop',
        TargetKeyId: key.KeyId,
      }),
    );
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    await table(
      shop,
      'us-east-1',
      'orders',
      sseSpecificationFor('CUSTOMER_MANAGED', key.Arn),
    );
    await table(shop, 'us-east-1', 'carts');
    await table(billing, 'eu-west-1', 'invoices');
    await table(locked, 'us-east-1', 'secrets');
    await table(closed, 'us-east-1', 'leftovers');

    // IAM as production has it: the portal's user may list accounts and assume the role in shop and
    // billing only; each role grants exactly the actions docs/production.md lists.
    const iam = await createPortalIam(port, [shop, billing]);
    await iam.allowAssumeRoleIn([shop, billing]);
    const { accessKeyId, secretAccessKey } = iam;

    const production = {
      dynamodbEncryption: { awsEndpoint: endpoint },
      aws: {
        mainAccount: { accessKeyId, secretAccessKey },
        // The per-table report reaches any account through the same role.
        accountDefaults: { roleName: ROLE },
      },
    };
    process.env.AWS_ENDPOINT_URL_STS = endpoint;
    const clients = createAwsClientFactory(new ConfigReader(production));
    const knex = await databases.init('SQLITE_3');
    const store = await FleetStore.create(mockServices.database({ knex }), {
      retainScans: 5,
    });
    const scanner = createFleetScanner({
      clients,
      store,
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      targets: [
        {
          organization: {
            roleName: ROLE,
            regions: ['us-east-1', 'eu-west-1'],
            excludeAccounts: [MAIN],
          },
        },
      ],
      // A policy on AWS tags makes the scan read them (tag:GetResources).
      policies: [
        {
          id: 'shop-cmk',
          title: 'Shop tables need a CMK',
          severity: 'high',
          when: { awsTags: { owner: 'group:default/shop-team' } },
          require: { keyTypes: ['CUSTOMER_MANAGED'] },
        },
      ],
      concurrency: 4,
      accountConcurrency: 2,
    });

    const recorder = motoRecorder(port);
    await recorder.start();
    await scanner.scan();
    const recorded = await recorder.stop();

    const status = await store.latestScan();
    // Partial: one account could not be read (and, before any snapshot, has no rows to keep).
    expect(status).toMatchObject({ status: 'partial', errors: [] });
    expect(status!.unreachableAccounts).toEqual([
      {
        accountId: locked,
        roleArn: role(locked),
        error: expect.stringMatching(/AccessDenied.*sts:AssumeRole/),
        cause: 'iam',
      },
    ]);
    expect(status!.staleParts).toEqual(
      ['us-east-1', 'eu-west-1'].map(region => ({
        accountId: locked,
        region,
        reason: expect.stringMatching(/^AccessDenied: /),
        tables: 0,
      })),
    );
    const { items } = await store.listTables({ limit: 100 });
    expect(
      items.map(r => `${r.table.accountId}/${r.table.name}`).sort(),
    ).toEqual(
      [`${billing}/invoices`, `${shop}/carts`, `${shop}/orders`].sort(),
    );
    const orders = items.find(r => r.table.name === 'orders')!;
    expect(orders.encryption).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      aliases: ['alias/shop'],
      rotation: { enabled: true },
    });
    expect(orders.findings.map(f => f.id)).not.toContain('policy-shop-cmk');
    expect(
      items.find(r => r.table.name === 'carts')!.findings.map(f => f.id),
    ).toContain('policy-shop-cmk');

    // One ListAccounts; one AssumeRole per ACTIVE member (locked refused); no sandbox header anywhere.
    const count = (action: string) =>
      recorded.filter(r => r.action === action).length;
    expect(count('ListAccounts')).toBe(1);
    expect(count('AssumeRole')).toBe(3);
    // The scan's own figure (the client factory's middleware, AssumeRole included) agrees with moto's.
    expect(status!.awsRequests).toBe(recorded.length);
    expect(recorded.filter(r => r.accountHeader)).toEqual([]);

    // The per-table report takes the same path (aws.accountDefaults) under the same IAM policy.
    const report = await readTableEncryption(
      clients,
      parseTableArn(orders.table.arn)!,
    );
    expect(report.refusals).toEqual([]);
    expect(report.rotation?.KeyRotationEnabled).toBe(true);

    // Without aws.accountDefaults, the organization target's role is the report's way in too: a table the
    // dashboard lists can be opened on its own page.
    const organizationOnly = createAwsClientFactory(
      new ConfigReader({
        dynamodbEncryption: {
          awsEndpoint: endpoint,
          fleet: {
            targets: [
              {
                organization: {
                  roleName: ROLE,
                  regions: ['us-east-1'],
                  excludeAccounts: [MAIN],
                },
              },
            ],
          },
        },
        aws: { mainAccount: { accessKeyId, secretAccessKey } },
      }),
    );
    const viaOrganization = await readTableEncryption(
      organizationOnly,
      parseTableArn(orders.table.arn)!,
    );
    expect(viaOrganization.refusals).toEqual([]);
    expect(viaOrganization.rotation?.KeyRotationEnabled).toBe(true);
    expect(organizationOnly.hasAccount(shop)).toBe(true);
  });
});
