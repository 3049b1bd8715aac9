import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { freePort, startMoto } from '../testing/moto';
import {
  createOrganization,
  createPortalIam,
  MAIN_ACCOUNT as MAIN,
  READER_ROLE as ROLE,
} from '../testing/organization';
import { createFleetScanner } from './fleetScanner';
import { FleetStore } from '../store/fleetStore';

jest.setTimeout(120_000);

describe('a scan that cannot read everything, with IAM enforced', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('keeps an unreadable account’s rows, marked stale; a scan that reads nothing fails and changes nothing', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const [shop, billing] = await createOrganization(port, ['shop', 'billing']);
    const seeder = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const tables = [
      [shop, 'orders'],
      [shop, 'carts'],
      [billing, 'invoices'],
      [billing, 'ledger'],
    ];
    for (const [accountId, name] of tables)
      await (
        await seeder.dynamodb({ accountId, region: 'us-east-1' })
      ).send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );

    // The portal's user, and the role in each account, as production has them.
    const iam = await createPortalIam(port, [shop, billing]);
    const { accessKeyId, secretAccessKey, allowAssumeRoleIn } = iam;

    process.env.AWS_ENDPOINT_URL_STS = endpoint;
    const store = await FleetStore.create(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
      { retainScans: 10 },
    );
    // Each scan gets fresh clients, as a renewal would: the refusal is met at AssumeRole every time.
    const scannerWith = async () =>
      createFleetScanner({
        clients: createAwsClientFactory(
          new ConfigReader({
            dynamodbEncryption: { awsEndpoint: endpoint },
            aws: { mainAccount: { accessKeyId, secretAccessKey } },
          }),
        ),
        store,
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        targets: [
          {
            organization: {
              roleName: ROLE,
              regions: ['us-east-1'],
              excludeAccounts: [MAIN],
            },
          },
        ],
        policies: [],
        concurrency: 4,
      });
    const snapshot = async () => ({
      rows: (await store.listTables({ limit: 100 })).items
        .map(r => `${r.table.name}${r.stale ? ' (stale)' : ''}`)
        .sort(),
      undeclared: (await store.undeclaredTables())!.tables
        .map(t => t.tableName)
        .sort(),
      summary: await store.summary(),
    });

    // 1. Both accounts readable: complete.
    await allowAssumeRoleIn([shop, billing]);
    const first = await (await scannerWith()).scan();
    const complete = await snapshot();
    expect(complete.summary.scan).toMatchObject({
      id: first,
      status: 'complete',
    });
    expect(complete.rows).toEqual(['carts', 'invoices', 'ledger', 'orders']);
    expect(complete.undeclared).toEqual([
      'carts',
      'invoices',
      'ledger',
      'orders',
    ]);
    const firstFinished = complete.summary.scan!.finishedAt!;

    // 2. billing unreachable: its rows stay, marked stale since the first scan, with AWS's error.
    await allowAssumeRoleIn([shop]);
    const second = await (await scannerWith()).scan();
    const partial = await snapshot();
    expect(partial.summary.scan).toMatchObject({
      id: second,
      status: 'partial',
    });
    expect(partial.summary.scan!.staleParts).toEqual([
      {
        accountId: billing,
        region: 'us-east-1',
        reason: expect.stringMatching(/^AccessDenied: .*sts:AssumeRole/),
        since: firstFinished,
        tables: 2,
      },
    ]);
    expect(partial.summary.scan!.unreachableAccounts).toEqual([
      expect.objectContaining({ accountId: billing, cause: 'iam' }),
    ]);
    expect(partial.rows).toEqual([
      'carts',
      'invoices (stale)',
      'ledger (stale)',
      'orders',
    ]);
    expect(partial.summary).toMatchObject({ tables: 4, staleTables: 2 });
    // What the discovered-tables provider applies: billing's tables are not deleted.
    expect(partial.undeclared).toEqual(complete.undeclared);

    // 3. Nothing reachable: the scan fails and every figure, row and discovered table stays.
    await allowAssumeRoleIn([]);
    const third = await (await scannerWith()).scan();
    const failed = await snapshot();
    expect(failed.summary.scan).toMatchObject({
      id: third,
      status: 'failed',
      errors: [expect.stringMatching(/no account or region could be read/)],
    });
    expect(failed.summary.figuresScan!.id).toBe(second);
    expect(failed.rows).toEqual(partial.rows);
    expect(failed.undeclared).toEqual(complete.undeclared);
    expect(failed.summary).toMatchObject({ tables: 4, staleTables: 2 });

    // 4. Both back: complete again, nothing stale; a stale row keeps its first stale time until then.
    await allowAssumeRoleIn([shop, billing]);
    await (await scannerWith()).scan();
    const back = await snapshot();
    expect(back.summary.scan!.status).toBe('complete');
    expect(back.rows).toEqual(complete.rows);
    expect(back.summary.staleTables).toBe(0);
  });
});
