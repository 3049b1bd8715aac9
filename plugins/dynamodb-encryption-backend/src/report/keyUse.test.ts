import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateGrantCommand,
  CreateKeyCommand,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  formatTableArn,
  parseTableArn,
  sseSpecificationFor,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createTableAssessmentService,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { freePort, motoRecorder, startMoto } from '../testing/moto';
import { scannerOnSqlite } from '../__testUtils__/scanner';

jest.setTimeout(120_000);

const accountId = '555555555555';
const partner = '666666666666';
const region = 'us-east-1';

describe('who can use a key, against a sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: ChildProcess | undefined;
  afterEach(() => moto?.kill());

  it('reports a public key policy and a grant to another account in the table report and the fleet scan alike', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const config = new ConfigReader(
      sandboxAwsConfig(`http://127.0.0.1:${port}`, { accountIds: [accountId] }),
    );
    const clients = createAwsClientFactory(config);
    const target = { accountId, region };
    const kms = await clients.kms(target);
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(
      new PutKeyPolicyCommand({
        KeyId: key.KeyId,
        PolicyName: 'default',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Enable IAM User Permissions',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${accountId}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Sid: 'Everyone',
              Effect: 'Allow',
              Principal: '*',
              Action: [
                'kms:Decrypt',
                'kms:GenerateDataKey*',
                'kms:CreateGrant',
                'kms:DescribeKey',
              ],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const grant = await kms.send(
      new CreateGrantCommand({
        KeyId: key.KeyId,
        GranteePrincipal: `arn:aws:iam::${partner}:role/reader`,
        Operations: ['Decrypt', 'DescribeKey'],
      }),
    );
    await (
      await clients.dynamodb(target)
    ).send(
      new CreateTableCommand({
        TableName: 'orders',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: sseSpecificationFor('CUSTOMER_MANAGED', key.Arn),
      }),
    );
    const arn = formatTableArn({ ...target, tableName: 'orders' });
    const expected = [
      expect.objectContaining({
        id: 'key-any-principal',
        severity: 'critical',
      }),
      expect.objectContaining({
        id: 'key-grant-other-account',
        severity: 'high',
        title: expect.stringContaining(partner),
      }),
      expect.objectContaining({ id: 'key-delegated-to-iam', severity: 'info' }),
    ];
    const keyUseIds = (findings: { id: string }[]) =>
      findings.filter(
        f => f.id.startsWith('key-') && f.id !== 'key-policy-undetermined',
      );

    // The per-table report: one ListGrants beside GetKeyPolicy.
    const recorder = motoRecorder(port);
    await recorder.start();
    const report = await createTableAssessmentService(clients).assess(
      parseTableArn(arn)!,
    );
    const recorded = await recorder.stop();
    expect(recorded.filter(r => r.action === 'ListGrants')).toHaveLength(1);
    expect(report.encryption.keyUse?.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          principal: '*',
          kind: 'any-principal',
          narrowed: false,
          source: 'Everyone',
        }),
        expect.objectContaining({
          kind: 'iam-principal',
          accountId: partner,
          actions: ['kms:Decrypt'],
          source: `grant ${grant.GrantId}`,
          sourceType: 'grant',
        }),
      ]),
    );
    // "Any principal" includes DynamoDB's callers: never "DynamoDB cannot use the key".
    expect(report.encryption.keyPolicy?.verdict).toBe('allowed');
    expect(keyUseIds(report.findings)).toEqual(expected);
    // A trusted partner account is no finding; the public statement still is.
    const trusted = await createTableAssessmentService(clients).assess(
      parseTableArn(arn)!,
      { trustedAccounts: [partner] },
    );
    expect(trusted.findings.map(f => f.id)).not.toContain(
      'key-grant-other-account',
    );
    expect(trusted.findings.map(f => f.id)).toContain('key-any-principal');

    // The fleet scan: the same findings on the table's row.
    const { store, scanner } = await scannerOnSqlite(databases, {
      clients,
      targets: [{ accountId, regions: [region] }],
    });
    await scanner.scan();
    const { items } = await store.listTables({ limit: 10 });
    const row = items.find(r => r.table.name === 'orders')!;
    expect(keyUseIds(row.findings)).toEqual(expected);
    expect(row.encryption.keyUse).toEqual(report.encryption.keyUse);
  });
});
