/* eslint-disable @backstage/no-undeclared-imports -- benchmark code, run from the source tree with dev dependencies */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
} from '@aws-sdk/client-kms';
import { ConfigReader } from '@backstage/config';
import { sseSpecificationFor } from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import pLimit from 'p-limit';
import { motoCall } from '../../src/testing/moto';

/**
 * Seeds an AWS Organization on the benchmark's moto: `accounts` members, each with `keys` customer managed
 * keys (half with rotation) over its regions and `perRegion` tables per region (1 in 10 AWS owned, 1 in 10
 * AWS managed, the rest on the region's keys, each tagged with an owner). Returns the member account ids.
 */
export async function seedOrganization(
  endpoint: string,
  port: number,
  shape: {
    accounts: number;
    regions: string[];
    perRegion: number;
    keys: number;
  },
  tableConcurrency: number,
): Promise<string[]> {
  const { regions } = shape;
  await motoCall(port, 'organizations', 'CreateOrganization', {
    FeatureSet: 'ALL',
  });
  const accounts: string[] = [];
  for (let a = 0; a < shape.accounts; a++) {
    const created = await motoCall(port, 'organizations', 'CreateAccount', {
      AccountName: `bench-${a}`,
      Email: `bench-${a}@example.com`,
    });
    accounts.push(JSON.parse(created).CreateAccountStatus.AccountId);
  }
  const clients = createAwsClientFactory(
    new ConfigReader(sandboxAwsConfig(endpoint)),
  );
  // Account-regions seeded 4 at a time, each with its own table limit.
  const regionSlots = pLimit(4);
  const seedRegion = async (accountId: string, region: string) => {
    const limit = pLimit(tableConcurrency);
    const kms = await clients.kms({ accountId, region });
    const dynamodb = await clients.dynamodb({ accountId, region });
    const keyArns: string[] = [];
    for (let k = 0; k < shape.keys / regions.length; k++) {
      const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      await kms.send(
        new CreateAliasCommand({
          AliasName: `alias/bench-${k}`,
          TargetKeyId: key.KeyId,
        }),
      );
      if (k % 2 === 0)
        await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
      keyArns.push(key.Arn!);
    }
    await Promise.all(
      Array.from({ length: shape.perRegion }, (_, i) =>
        limit(() => {
          let sse;
          if (i % 10 === 1) sse = sseSpecificationFor('AWS_MANAGED');
          else if (i % 10 !== 0)
            sse = sseSpecificationFor(
              'CUSTOMER_MANAGED',
              keyArns[i % keyArns.length],
            );
          return dynamodb.send(
            new CreateTableCommand({
              TableName: `bench-${String(i).padStart(5, '0')}`,
              AttributeDefinitions: [
                { AttributeName: 'pk', AttributeType: 'S' },
              ],
              KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
              BillingMode: 'PAY_PER_REQUEST',
              SSESpecification: sse,
              Tags: [{ Key: 'owner', Value: `team-${i % 7}` }],
            }),
          );
        }),
      ),
    );
  };
  await Promise.all(
    accounts.flatMap(accountId =>
      regions.map(region => regionSlots(() => seedRegion(accountId, region))),
    ),
  );
  return accounts;
}
