import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  formatTableArn,
  parseTableArn,
  sseSpecificationFor,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createKmsKeyService,
  createTableAssessmentService,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { freePort, motoRecorder, startMoto } from '../testing/moto';
import {
  createOrganization,
  MAIN_ACCOUNT as MAIN,
  READER_ROLE as ROLE,
} from '../testing/organization';
import { scannerOnSqlite } from '../__testUtils__/scanner';

jest.setTimeout(180_000);

/** Role sessions this short (moto honours any duration) put several lifetimes into one test. */
const SESSION_SECONDS = 8;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('credentials across their lifetimes, on the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('reads every table, every report and every key option in each of three role sessions, at the same request count', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const [shop, billing] = await createOrganization(port, ['shop', 'billing']);
    const seeder = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const kms = await seeder.kms({ accountId: shop, region: 'us-east-1' });
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(
      new CreateAliasCommand({
        AliasName: 'alias/shop',
        TargetKeyId: key.KeyId,
      }),
    );
    const tables = [
      { accountId: shop, region: 'us-east-1', tableName: 'orders', cmk: true },
      { accountId: shop, region: 'eu-west-1', tableName: 'carts' },
      { accountId: billing, region: 'us-east-1', tableName: 'invoices' },
    ];
    for (const t of tables)
      await (
        await seeder.dynamodb(t)
      ).send(
        new CreateTableCommand({
          TableName: t.tableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: t.cmk
            ? sseSpecificationFor('CUSTOMER_MANAGED', key.Arn)
            : undefined,
        }),
      );

    // Production's organization path, with sessions of a few seconds: every reader (the scan, the report,
    // the key picker) reaches the accounts through the organization target's role.
    const clients = createAwsClientFactory(
      new ConfigReader({
        dynamodbEncryption: {
          awsEndpoint: endpoint,
          fleet: {
            targets: [
              {
                organization: {
                  roleName: ROLE,
                  regions: ['us-east-1', 'eu-west-1'],
                  excludeAccounts: [MAIN],
                  sessionDurationSeconds: SESSION_SECONDS,
                },
              },
            ],
          },
        },
        aws: { mainAccount: { accessKeyId: 'main', secretAccessKey: 'main' } },
      }),
    );
    const { store, scanner } = await scannerOnSqlite(databases, {
      clients,
      targets: [
        {
          organization: {
            roleName: ROLE,
            regions: ['us-east-1', 'eu-west-1'],
            excludeAccounts: [MAIN],
          },
        },
      ],
    });
    const assessments = createTableAssessmentService(clients);
    const keys = createKmsKeyService(clients);
    const recorder = motoRecorder(port);

    const perSession: { requests: number; assumed: number }[] = [];
    for (let session = 0; session < 3; session++) {
      if (session) await sleep(SESSION_SECONDS * 1000 + 500);
      await recorder.start();
      const scanId = await scanner.scan();
      const recorded = await recorder.stop();
      const status = await store.latestScan();
      expect(status).toMatchObject({
        id: scanId,
        status: 'complete',
        errors: [],
        unreachableAccounts: [],
      });
      const { items } = await store.listTables({ limit: 100 });
      expect(items.map(r => r.table.name).sort()).toEqual([
        'carts',
        'invoices',
        'orders',
      ]);
      expect(status!.awsRequests).toBe(recorded.length);
      perSession.push({
        requests: recorded.length,
        assumed: recorded.filter(r => r.action === 'AssumeRole').length,
      });

      const report = await assessments.assess(
        parseTableArn(formatTableArn(tables[0]))!,
      );
      expect(report.encryption).toMatchObject({
        keyType: 'CUSTOMER_MANAGED',
        aliases: ['alias/shop'],
      });
      const options = await keys.listKeyOptions({
        accountId: shop,
        region: 'us-east-1',
      });
      expect(options.map(o => o.keyArn)).toContain(key.Arn);
    }
    // Each session's scan renews each account's role once, and costs what the first one did.
    expect(perSession.map(s => s.assumed)).toEqual([2, 2, 2]);
    expect(new Set(perSession.map(s => s.requests)).size).toBe(1);
  });
});
