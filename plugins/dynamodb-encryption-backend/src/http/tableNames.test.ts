import { sandboxAwsConfig } from '@dynamodb-encryption/backstage-plugin-node';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  formatTableArn,
  kubernetesNameForTable,
  PORTAL_TABLE_NAME_RULE,
} from '@dynamodb-encryption/backstage-plugin-common';
import { createAwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from '../plugin';

const endpoint = process.env.SANDBOX_ENDPOINT;
const accountId = String(100000000000 + Math.floor(Math.random() * 8e11));
const region = 'us-east-1';

const tableEntity = (name: string, tableName: string, acct = accountId) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]: formatTableArn({
        accountId: acct,
        region: 'eu-west-1',
        tableName,
      }),
    },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/team' },
});

describe('GET /table-names/check', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    if (!endpoint)
      throw new Error('SANDBOX_ENDPOINT is not set: run ./scripts/test.sh');
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    await (
      await clients.dynamodb({ accountId, region })
    ).send(
      new CreateTableCommand({
        TableName: 'existing-orders',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    ({ server } = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.rootConfig.factory({
          data: sandboxAwsConfig(endpoint!, {
            config: {
              dynamodbEncryption: {
                defaultAccountId: accountId,
              },
            },
          }),
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({
          entities: [
            tableEntity('catalogued', 'catalogued'),
            // Another account's table whose name lower-cases to the same Kubernetes name.
            tableEntity('Shared.Name-other', 'Shared.Name', '222222222222'),
          ],
        }),
      ],
    }));
  });

  const check = (query: Record<string, string>) =>
    request(server)
      .get('/api/dynamodb-encryption/table-names/check')
      .query(query)
      .set('Authorization', mockCredentials.user.header());

  it('needs credentials', async () => {
    const res = await request(server)
      .get('/api/dynamodb-encryption/table-names/check')
      .query({ tableName: 'orders', region });
    expect(res.status).toBe(401);
  });

  it('says a free name is free, with its Kubernetes name', async () => {
    const res = await check({ tableName: 'Fresh_Orders', region });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tableName: 'Fresh_Orders',
      accountId,
      region,
      kubernetesName: kubernetesNameForTable('Fresh_Orders'),
      available: true,
      problems: [],
      unverified: [],
    });
  });

  it.each([
    [
      'a table AWS has',
      'existing-orders',
      `a table named existing-orders already exists in ${accountId}/${region}`,
    ],
    [
      'an entity name the catalog has',
      'catalogued',
      'the catalog already has an entity named catalogued (resource:default/catalogued)',
    ],
    [
      "another table's Kubernetes name",
      'Shared.Name',
      `its Kubernetes name ${kubernetesNameForTable(
        'Shared.Name',
      )} is already the Application of table Shared.Name (222222222222/eu-west-1, resource:default/shared.name-other)`,
    ],
    ['a name against the rule', 'Bad Name!', PORTAL_TABLE_NAME_RULE.words],
  ])('refuses %s, in words', async (_what, tableName, message) => {
    const res = await check({ tableName, region });
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(false);
    expect(res.body.problems).toEqual([{ field: 'tableName', message }]);
  });

  it('refuses the same name in another region only where it exists', async () => {
    const res = await check({
      tableName: 'existing-orders',
      region: 'eu-west-1',
    });
    expect(res.body.available).toBe(true);
  });

  it.each([
    [{ region }, 'tableName'],
    [{ tableName: 'orders', region: 'moon-1' }, 'region'],
    [{ tableName: 'orders', region, accountId: '12' }, 'accountId'],
  ])('answers 400 naming the field for %j', async (query, field) => {
    const res = await check(query as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`Invalid ${field}`);
  });
});
