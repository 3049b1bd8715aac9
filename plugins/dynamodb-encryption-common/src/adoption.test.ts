import { parse } from 'yaml';
import { AdoptionObservation, AdoptionSource, planAdoption } from './index';

const ARN = 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders';
const KEY =
  'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const source: AdoptionSource = {
  entityRef: 'resource:default/orders-111111111111-eu-west-1',
  annotations: {
    'aws.amazon.com/dynamodb-table-arn': ARN,
    'dynamodb-encryption.io/discovered': 'true',
  },
  owner: 'group:default/orders-team',
  system: 'commerce',
};

function observed(
  more: Partial<AdoptionObservation> & {
    description?: AdoptionObservation['description'];
  } = {},
): AdoptionObservation {
  return {
    table: {
      arn: ARN,
      name: 'orders',
      accountId: '111111111111',
      region: 'eu-west-1',
    },
    pointInTimeRecovery: { status: 'DISABLED' },
    timeToLive: { status: 'DISABLED' },
    tags: {},
    resourcePolicy: null,
    refusals: [],
    ...more,
    description: {
      TableName: 'orders',
      TableStatus: 'ACTIVE',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      ...more.description,
    },
  };
}

const component = (application: string) =>
  parse(application).spec.components[0];

describe('planAdoption', () => {
  it('declares a customer managed key by its ARN, with every setting the table has, owned as the discovered entity', () => {
    const preview = planAdoption(
      observed({
        description: {
          BillingModeSummary: { BillingMode: 'PROVISIONED' },
          ProvisionedThroughput: {
            ReadCapacityUnits: 7,
            WriteCapacityUnits: 3,
          },
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'at', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'at', KeyType: 'RANGE' },
          ],
          SSEDescription: {
            Status: 'ENABLED',
            SSEType: 'KMS',
            KMSMasterKeyArn: KEY,
          },
          DeletionProtectionEnabled: true,
          StreamSpecification: {
            StreamEnabled: true,
            StreamViewType: 'KEYS_ONLY',
          },
        },
        pointInTimeRecovery: { status: 'ENABLED', recoveryPeriodInDays: 35 },
        tags: { owner: 'orders-team', 'aws:cloudformation:stack-name': 's' },
        key: { Arn: KEY, KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
        aliases: ['alias/orders-data'],
      }),
      source,
    );
    expect(preview.refusals).toEqual([]);
    expect(preview.keyType).toBe('CUSTOMER_MANAGED');
    expect(preview.declaredEntityRef).toBe('resource:default/orders');
    expect(preview.files?.applicationPath).toBe('apps/orders/application.yaml');
    const app = parse(preview.files!.application);
    expect(app.metadata.annotations).toEqual({
      'dynamodb-encryption.io/aws-account-id': '111111111111',
      'dynamodb-encryption.io/kms-key-alias': 'alias/orders-data',
    });
    expect(component(preview.files!.application)).toEqual({
      name: 'orders',
      type: 'aws-dynamodb-kro',
      properties: {
        tableName: 'orders',
        region: 'eu-west-1',
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 7, writeCapacityUnits: 3 },
        attributeDefinitions: [
          { attributeName: 'pk', attributeType: 'S' },
          { attributeName: 'at', attributeType: 'N' },
        ],
        keySchema: [
          { attributeName: 'pk', keyType: 'HASH' },
          { attributeName: 'at', keyType: 'RANGE' },
        ],
        tags: { owner: 'orders-team' },
        adopt: true,
      },
      traits: [
        {
          type: 'dynamodb-encryption-kro',
          properties: { enabled: true, sseType: 'KMS', kmsKeyId: KEY },
        },
        {
          type: 'dynamodb-protection-kro',
          properties: { deletionProtection: true, pointInTimeRecovery: true },
        },
        { type: 'dynamodb-streams-kro', properties: { viewType: 'KEYS_ONLY' } },
      ],
    });
    const entity = parse(preview.files!.catalogInfo);
    expect(entity.metadata.name).toBe('orders');
    expect(entity.metadata.annotations).toEqual({
      'aws.amazon.com/dynamodb-table-arn': ARN,
      'dynamodb-encryption.io/application-manifest': './application.yaml',
      'dynamodb-encryption.io/kms-key-alias': 'alias/orders-data',
    });
    expect(entity.spec).toEqual({
      type: 'dynamodb-table',
      owner: 'group:default/orders-team',
      system: 'commerce',
    });
    // AWS's own tags are not declared, and the preview says they stay.
    expect(preview.gaps).toEqual([
      expect.objectContaining({
        feature: 'AWS tags aws:cloudformation:stack-name',
        effect: 'kept',
      }),
      expect.objectContaining({ effect: 'unchecked' }),
    ]);
  });

  it.each([
    [
      'the AWS owned key',
      undefined,
      undefined,
      { enabled: true, sseType: 'AES256' },
    ],
    [
      'the AWS managed key',
      { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY },
      ['alias/aws/dynamodb'],
      { enabled: true, sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
    ],
  ])('declares %s as the trait words it', (_, sse, aliases, trait) => {
    const preview = planAdoption(
      observed({
        description: { SSEDescription: sse },
        ...(aliases ? { aliases, key: { Arn: KEY, KeyManager: 'AWS' } } : {}),
      }),
      source,
    );
    expect(preview.refusals).toEqual([]);
    const { traits, properties } = component(preview.files!.application);
    expect(traits[0].properties).toEqual(trait);
    expect(properties.tags).toBeUndefined();
    expect(traits[1].properties).toEqual({
      deletionProtection: false,
      pointInTimeRecovery: false,
    });
    expect(traits).toHaveLength(2);
  });

  it.each([
    [
      'a global secondary index',
      { GlobalSecondaryIndexes: [{ IndexName: 'by-customer' }] },
      {},
      /^global secondary index by-customer: .*ACK deletes every global secondary index/,
    ],
    [
      'a local secondary index',
      { LocalSecondaryIndexes: [{ IndexName: 'by-date' }] },
      {},
      /^local secondary index by-date: .*never report it synced/,
    ],
    [
      'time to live',
      {},
      { timeToLive: { status: 'ENABLED', attributeName: 'expiresAt' } },
      /^time to live on attribute expiresAt: .*turn time to live off/,
    ],
    [
      'the infrequent access class',
      { TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' } },
      {},
      /^table class STANDARD_INFREQUENT_ACCESS: .*switch the table to STANDARD/,
    ],
    [
      'global table replicas',
      { Replicas: [{ RegionName: 'us-east-1' }] },
      {},
      /^global table replicas in us-east-1: .*removes every replica/,
    ],
    [
      'an on-demand maximum',
      { OnDemandThroughput: { MaxReadRequestUnits: 100 } },
      {},
      /^maximum on-demand throughput .*update the table/,
    ],
    [
      'a resource policy',
      {},
      { resourcePolicy: '{"Version":"2012-10-17"}' },
      /^a resource-based policy: .*DeleteResourcePolicy/,
    ],
    [
      'a stream turned off',
      { StreamSpecification: { StreamEnabled: false } },
      {},
      /^a stream specification with the stream turned off/,
    ],
    [
      'a table not ACTIVE',
      { TableStatus: 'UPDATING' },
      {},
      /^the table is UPDATING, not ACTIVE/,
    ],
    [
      'a key switch in progress',
      { SSEDescription: { Status: 'UPDATING', KMSMasterKeyArn: KEY } },
      { key: { Arn: KEY, KeyManager: 'CUSTOMER' } },
      /key switch is in progress/,
    ],
    [
      'a read AWS refused',
      {},
      {
        refusals: [
          {
            action: 'dynamodb:DescribeTimeToLive',
            reason: 'access-denied' as const,
            resource: ARN,
            callerAccountId: '111111111111',
          },
        ],
      },
      /^AWS refused dynamodb:DescribeTimeToLive on .* grant it/,
    ],
    [
      'a key it cannot classify',
      { SSEDescription: { Status: 'ENABLED', KMSMasterKeyArn: KEY } },
      {},
      /cannot tell which key type/,
    ],
    [
      'a name that cannot be an entity name',
      {
        TableName: '_orders',
      },
      { table: { arn: ARN, name: '_orders', accountId: '1', region: 'x' } },
      /^the table's name cannot be its catalog entity's name: use letters/,
    ],
  ])('refuses %s, saying why', (_, description, more, reason) => {
    const preview = planAdoption(
      observed({ ...(more as object), description }),
      source,
    );
    expect(preview.files).toBeUndefined();
    expect(preview.refusals).toEqual(
      expect.arrayContaining([expect.stringMatching(reason)]),
    );
  });

  it('refuses a name the catalog holds for another table, and not its own declaration', () => {
    const other = planAdoption(observed(), source, [
      {
        entityRef: 'resource:default/orders',
        name: 'orders',
        tableArn: 'arn:aws:dynamodb:us-east-1:222222222222:table/orders',
      },
    ]);
    expect(other.refusals).toEqual([
      'the catalog already has an entity named orders (resource:default/orders)',
    ]);
    const same = planAdoption(observed(), source, [
      { entityRef: 'resource:default/orders', name: 'orders', tableArn: ARN },
    ]);
    expect(same.refusals).toEqual([]);
  });

  it('starts only from a discovered entity', () => {
    const preview = planAdoption(observed(), {
      ...source,
      annotations: { 'aws.amazon.com/dynamodb-table-arn': ARN },
    });
    expect(preview.refusals).toEqual([
      expect.stringMatching(/is not a discovered table .* declared already/),
    ]);
  });

  it('keeps a point-in-time recovery period other than 35 days, and says so', () => {
    const preview = planAdoption(
      observed({
        pointInTimeRecovery: { status: 'ENABLED', recoveryPeriodInDays: 7 },
      }),
      source,
    );
    expect(preview.refusals).toEqual([]);
    expect(preview.gaps).toEqual([
      expect.objectContaining({
        feature: 'a point-in-time recovery period of 7 days',
        effect: 'kept',
      }),
    ]);
  });
});
