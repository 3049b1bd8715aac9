/* eslint-disable @backstage/no-undeclared-imports -- benchmark code, run from the source tree with dev dependencies */
import {
  CreateTableCommand,
  TagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  RetireGrantCommand,
} from '@aws-sdk/client-kms';
import {
  sseSpecificationFor,
  TableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import type { AwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import pLimit from 'p-limit';
import { cloudTrailEnvelope } from '../../src/testing/cloudTrailEnvelope';

const at = (t: { accountId: string; region: string }) => ({
  accountId: t.accountId,
  region: t.region,
});

/** The customer managed key the burst is about, in one account-region, and the tables it protects. */
export interface SharedKey {
  accountId: string;
  region: string;
  keyId: string;
  keyArn: string;
  tables: TableArn[];
}

/**
 * Seeds one customer managed key (`alias/bench-shared`) in `accountId`/`region` and `tables` tables on it
 * (`bench-shared-NNNNN`, each tagged with an owner as the organization seed's are).
 */
export async function seedSharedKey(
  clients: AwsClientFactory,
  where: { accountId: string; region: string },
  tables: number,
  concurrency: number,
): Promise<SharedKey> {
  const kms = await clients.kms(at(where));
  const dynamodb = await clients.dynamodb(at(where));
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  await kms.send(
    new CreateAliasCommand({
      AliasName: 'alias/bench-shared',
      TargetKeyId: key.KeyId,
    }),
  );
  const limit = pLimit(concurrency);
  const names = Array.from(
    { length: tables },
    (_, i) => `bench-shared-${String(i).padStart(5, '0')}`,
  );
  const arns = await Promise.all(
    names.map((TableName, i) =>
      limit(async () => {
        const created = await dynamodb.send(
          new CreateTableCommand({
            TableName,
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
            SSESpecification: sseSpecificationFor('CUSTOMER_MANAGED', key.Arn),
            Tags: [{ Key: 'owner', Value: `team-${i % 7}` }],
          }),
        );
        return created.TableDescription!.TableArn!;
      }),
    ),
  );
  return {
    ...at(where),
    keyId: key.KeyId!,
    keyArn: key.Arn!,
    tables: names.map((tableName, i) => ({
      arn: arns[i],
      partition: 'aws',
      ...at(where),
      tableName,
    })),
  };
}

/**
 * The key's burst, done on AWS and as CloudTrail's envelopes: a grant storm (CreateGrant and RetireGrant in
 * turn, as DynamoDB's grants on a table's key, `events - 1` calls) over the minute before, then one DisableKey.
 * Returns the envelopes, oldest first.
 */
export async function keyBurst(
  clients: AwsClientFactory,
  key: SharedKey,
  events: number,
): Promise<string[]> {
  const kms = await clients.kms(at(key));
  const now = Date.now();
  const storm = events - 1;
  const time = (i: number) => new Date(now - 60_000 + (i * 59_000) / storm);
  const resources = [{ type: 'AWS::KMS::Key', ARN: key.keyArn }];
  const bodies: string[] = [];
  let grantId: string | undefined;
  for (let i = 0; i < storm; i++) {
    if (!grantId) {
      const created = await kms.send(
        new CreateGrantCommand({
          KeyId: key.keyId,
          GranteePrincipal: `arn:aws:iam::${key.accountId}:role/bench-app`,
          Operations: ['Encrypt', 'Decrypt', 'GenerateDataKey'],
        }),
      );
      grantId = created.GrantId!;
      bodies.push(
        cloudTrailEnvelope({
          service: 'kms',
          eventName: 'CreateGrant',
          ...at(key),
          requestParameters: {
            keyId: key.keyArn,
            granteePrincipal: `arn:aws:iam::${key.accountId}:role/bench-app`,
            operations: ['Encrypt', 'Decrypt', 'GenerateDataKey'],
          },
          responseElements: { grantId },
          resources,
          time: time(i),
        }),
      );
    } else {
      await kms.send(
        new RetireGrantCommand({ KeyId: key.keyId, GrantId: grantId }),
      );
      bodies.push(
        cloudTrailEnvelope({
          service: 'kms',
          eventName: 'RetireGrant',
          ...at(key),
          requestParameters: { keyId: key.keyArn, grantId },
          resources,
          time: time(i),
        }),
      );
      grantId = undefined;
    }
  }
  await kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
  bodies.push(
    cloudTrailEnvelope({
      service: 'kms',
      eventName: 'DisableKey',
      ...at(key),
      requestParameters: { keyId: key.keyId },
      resources,
      time: new Date(now),
    }),
  );
  return bodies;
}

/**
 * Tags each table on AWS (its owner becomes `team-events`, and `bench-event` numbers it) and returns
 * CloudTrail's TagResource envelope for each.
 */
export async function tagBurst(
  clients: AwsClientFactory,
  tables: TableArn[],
  concurrency: number,
): Promise<string[]> {
  const limit = pLimit(concurrency);
  const now = Date.now();
  return Promise.all(
    tables.map((table, i) =>
      limit(async () => {
        const tags = [
          { Key: 'owner', Value: 'team-events' },
          { Key: 'bench-event', Value: String(i) },
        ];
        await (
          await clients.dynamodb(at(table))
        ).send(new TagResourceCommand({ ResourceArn: table.arn, Tags: tags }));
        return cloudTrailEnvelope({
          service: 'dynamodb',
          eventName: 'TagResource',
          ...at(table),
          requestParameters: {
            resourceArn: table.arn,
            tags: tags.map(t => ({ key: t.Key, value: t.Value })),
          },
          resources: [{ type: 'AWS::DynamoDB::Table', ARN: table.arn }],
          time: new Date(now - 30_000 + (i * 29_000) / tables.length),
        });
      }),
    ),
  );
}

/**
 * `count` seeded tables (`bench-NNNNN`, see `seedOrganization`) spread over every account and region, a few
 * per account-region at spaced indexes, so they mix AWS owned, AWS managed and customer managed keys.
 */
export function spreadTables(
  accounts: string[],
  regions: string[],
  perRegion: number,
  count: number,
): TableArn[] {
  const parts = accounts.length * regions.length;
  const tables = Array.from({ length: count }, (_, j) => {
    const accountId = accounts[j % accounts.length];
    const region = regions[Math.floor(j / accounts.length) % regions.length];
    // Spaced indexes (37 apart, modulo the region's tables) mix the seed's key types.
    const index = (Math.floor(j / parts) * 37) % perRegion;
    const tableName = `bench-${String(index).padStart(5, '0')}`;
    return {
      arn: `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`,
      partition: 'aws',
      accountId,
      region,
      tableName,
    };
  });
  if (new Set(tables.map(t => t.arn)).size !== count)
    throw new Error(`${count} distinct tables do not fit in this estate`);
  return tables;
}
