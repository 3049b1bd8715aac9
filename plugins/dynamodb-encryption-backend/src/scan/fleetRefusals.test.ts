import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createAwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import { mockClient } from 'aws-sdk-client-mock';
import { createFleetScanner } from './fleetScanner';
import { FleetStore } from '../store/fleetStore';

// Refusals moto cannot show without an IAM policy per call: the region's tag listing and alias listing.
const ddb = mockClient(DynamoDBClient);
const kms = mockClient(KMSClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const account = '111111111111';
const region = 'us-east-1';
const keyArn = `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-000000000001`;
const denied = () =>
  Object.assign(new Error('not authorized'), {
    name: 'AccessDeniedException',
    $metadata: {},
  });

describe('a fleet scan where AWS refuses a region-wide listing', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('still completes, and says what is unknown and what to grant instead of guessing', async () => {
    ddb.on(ListTablesCommand).resolves({ TableNames: ['orders'] });
    ddb.on(DescribeTableCommand).resolves({
      Table: {
        TableName: 'orders',
        TableArn: `arn:aws:dynamodb:${region}:${account}:table/orders`,
        TableStatus: 'ACTIVE',
        SSEDescription: {
          Status: 'ENABLED',
          SSEType: 'KMS',
          KMSMasterKeyArn: keyArn,
        },
      },
    });
    kms.on(DescribeKeyCommand).resolves({
      KeyMetadata: {
        KeyId: keyArn.split('/')[1],
        Arn: keyArn,
        KeyManager: 'CUSTOMER',
        KeyState: 'Enabled',
      },
    });
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    kms.on(GetKeyPolicyCommand).resolves({ Policy: '{"Statement":[]}' });
    kms.on(ListAliasesCommand).rejects(denied());
    tagging.on(GetResourcesCommand).rejects(denied());

    const knex = await databases.init('SQLITE_3');
    const store = await FleetStore.create(mockServices.database({ knex }), {
      retainScans: 2,
    });
    const scanner = createFleetScanner({
      clients: createAwsClientFactory(
        new ConfigReader({
          aws: {
            mainAccount: { accessKeyId: 'a', secretAccessKey: 'b' },
            accounts: [
              { accountId: account, accessKeyId: 'a', secretAccessKey: 'b' },
            ],
          },
        }),
      ),
      store,
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      targets: [{ accountId: account, regions: [region] }],
      policies: [
        {
          id: 'prod-cmk',
          title: 'Tables tagged env=prod need a CMK',
          severity: 'high',
          when: { awsTags: { env: 'prod' } },
          require: { keyTypes: ['CUSTOMER_MANAGED'] },
        },
      ],
      concurrency: 2,
    });

    await scanner.scan();
    expect(await store.latestScan()).toMatchObject({
      status: 'complete',
      errors: [],
      unreachableAccounts: [],
    });
    const [row] = (await store.listTables({ limit: 10 })).items;
    // The key was read; only its aliases are missing.
    expect(row.encryption).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn: keyArn,
    });
    const ids = row.findings.map(f => f.id);
    // The tag policy cannot be checked: said so, with the permission to grant, not passed silently.
    expect(ids).toContain('policy-prod-cmk-undetermined');
    expect(
      row.findings.find(f => f.id === 'policy-prod-cmk-undetermined')!.detail,
    ).toMatch(/tag:GetResources/);
    // Ownership by tag is unknown too: not reported as "unowned".
    expect(ids).not.toContain('unowned-table');
  });
});
