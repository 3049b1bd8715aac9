import {
  CreateTableCommand,
  CreateTableCommandInput,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  PutResourcePolicyCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { formatTableArn } from '@dynamodb-encryption/backstage-plugin-common';
import { readBack, sandboxClients } from '@internal/sandbox';

/** The demo account and region the edge tables are made in. */
export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

/** The catalog of the test: what the test puts in it now (the provider's and the commits' entities). */
export function mutableCatalog() {
  let entities: Entity[] = [];
  let catalog = catalogServiceMock({ entities });
  return {
    set(next: Entity[]) {
      entities = next;
      catalog = catalogServiceMock({ entities });
    },
    get entities() {
      return entities;
    },
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () =>
        new Proxy({} as typeof catalog, {
          // Only the catalog's methods: the backend awaits the service, so `then` must stay undefined.
          get: (_, method) =>
            typeof (catalog as any)[method] === 'function'
              ? (...args: unknown[]) => (catalog as any)[method](...args)
              : undefined,
        }),
    }),
  };
}

/** Edge tables in a demo account that the definitions can declare, each with a setting the demo lacks. */
export function edgeTables(keyArns: {
  other: string;
}): CreateTableCommandInput[] {
  const pk = { AttributeName: 'pk', AttributeType: 'S' as const };
  return [
    {
      // Upper case and a dot: the Application's name gets a hash, the entity keeps the table's name.
      TableName: 'Edge.Provisioned_v2',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
      AttributeDefinitions: [pk, { AttributeName: 'at', AttributeType: 'N' }],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'at', KeyType: 'RANGE' },
      ],
    },
    {
      TableName: 'edge-stream-protected',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [pk, { AttributeName: 'b', AttributeType: 'B' }],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'b', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      DeletionProtectionEnabled: true,
      Tags: [
        { Key: 'owner', Value: 'group:default/identity-team' },
        { Key: 'note', Value: 'yes: # not a comment' },
        { Key: 'empty', Value: '' },
      ],
    },
    {
      // A customer managed key of the other demo account.
      TableName: 'edge-cross-account-key',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [pk],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      SSESpecification: {
        Enabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: keyArns.other,
      },
    },
  ];
}

/** Tables the definitions cannot declare without changing them, with the reason the preview must give. */
export const REFUSED: [string, RegExp][] = [
  ['edge-gsi', /global secondary index by-sk: .*ACK deletes every/],
  ['edge-lsi', /local secondary index by-date: .*never report it synced/],
  ['edge-ttl', /time to live on attribute expiresAt: .*turn time to live off/],
  ['edge-policy', /a resource-based policy: .*DeleteResourcePolicy/],
];

export async function createRefusedTables(endpoint: string) {
  const dynamodb = await sandboxClients(endpoint).dynamodb({
    accountId: ACCOUNT,
    region: REGION,
  });
  const pk = { AttributeName: 'pk', AttributeType: 'S' as const };
  const sk = { AttributeName: 'sk', AttributeType: 'S' as const };
  const hash = { AttributeName: 'pk', KeyType: 'HASH' as const };
  const base = { BillingMode: 'PAY_PER_REQUEST' as const };
  await dynamodb.send(
    new CreateTableCommand({
      ...base,
      TableName: 'edge-gsi',
      AttributeDefinitions: [pk, sk],
      KeySchema: [hash],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-sk',
          KeySchema: [{ AttributeName: 'sk', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      ...base,
      TableName: 'edge-lsi',
      AttributeDefinitions: [
        pk,
        sk,
        { AttributeName: 'd', AttributeType: 'S' },
      ],
      KeySchema: [hash, { AttributeName: 'sk', KeyType: 'RANGE' }],
      LocalSecondaryIndexes: [
        {
          IndexName: 'by-date',
          KeySchema: [hash, { AttributeName: 'd', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  for (const TableName of ['edge-ttl', 'edge-policy'])
    await dynamodb.send(
      new CreateTableCommand({
        ...base,
        TableName,
        AttributeDefinitions: [pk],
        KeySchema: [hash],
      }),
    );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: 'edge-ttl',
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
    }),
  );
  const policyArn = formatTableArn({
    accountId: ACCOUNT,
    region: REGION,
    tableName: 'edge-policy',
  });
  await dynamodb.send(
    new PutResourcePolicyCommand({
      ResourceArn: policyArn,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'dynamodb:GetItem',
            Resource: policyArn,
          },
        ],
      }),
    }),
  );
}

/** The Table as the ACK controller reads it back from the sandbox (DescribeTable, backups, tags). */
export async function readBackTable(
  endpoint: string,
  accountId: string,
  region: string,
  TableName: string,
) {
  const dynamodb = await sandboxClients(endpoint).dynamodb({
    accountId,
    region,
  });
  const { Table } = await dynamodb.send(
    new DescribeTableCommand({ TableName }),
  );
  const [backups, tags] = await Promise.all([
    dynamodb.send(new DescribeContinuousBackupsCommand({ TableName })),
    dynamodb.send(
      new ListTagsOfResourceCommand({ ResourceArn: Table!.TableArn }),
    ),
  ]);
  return readBack(
    Table!,
    backups.ContinuousBackupsDescription,
    tags.Tags ?? [],
  );
}
