import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
} from '@aws-sdk/client-kms';
import { readTableEncryption } from '@dynamodb-encryption/backstage-plugin-node';
import {
  classifyKeyType,
  formatTableArn,
  parseTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import { sandboxClients } from '../seed';

/** The sandbox the test command started, or a clear failure. */
export function sandboxEndpoint(): string {
  const endpoint = process.env.SANDBOX_ENDPOINT;
  if (!endpoint)
    throw new Error(
      'SANDBOX_ENDPOINT is not set: run the tests with ./scripts/test.sh',
    );
  return endpoint;
}

/** A random 12-digit account, so test files sharing one sandbox never see each other's tables. */
export function randomAccount(): string {
  return String(100000000000 + Math.floor(Math.random() * 899999999999));
}

export async function createKey(
  endpoint: string,
  accountId: string,
  region: string,
  options: { alias?: string; multiRegion?: boolean } = {},
) {
  const kms = await sandboxClients(endpoint).kms({ accountId, region });
  if (options.alias) {
    // Reruns against a long-lived sandbox find the alias already there.
    const existing = await kms
      .send(new DescribeKeyCommand({ KeyId: options.alias }))
      .catch(() => undefined);
    if (existing?.KeyMetadata)
      return {
        keyId: existing.KeyMetadata.KeyId!,
        arn: existing.KeyMetadata.Arn!,
      };
  }
  const key = (
    await kms.send(new CreateKeyCommand({ MultiRegion: options.multiRegion }))
  ).KeyMetadata!;
  if (options.alias)
    await kms.send(
      new CreateAliasCommand({
        AliasName: options.alias,
        TargetKeyId: key.KeyId,
      }),
    );
  return { keyId: key.KeyId!, arn: key.Arn! };
}

/** The key type AWS reports for a table, read the way the portal reads it. */
export async function observedKeyType(
  endpoint: string,
  accountId: string,
  region: string,
  tableName: string,
) {
  const clients = sandboxClients(endpoint);
  const observation = await readTableEncryption(
    clients,
    parseTableArn(formatTableArn({ accountId, region, tableName }))!,
  );
  const raw = await (
    await clients.dynamodb({ accountId, region })
  ).send(new DescribeTableCommand({ TableName: tableName }));
  return {
    keyType: classifyKeyType(observation),
    observation,
    table: raw.Table!,
  };
}

/** A one-table Application with an optional dynamodb-encryption-kro trait, for the chain's tests. */
export function tableApplication(
  tableName: string,
  region: string,
  encryption?: Record<string, unknown>,
) {
  return {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name: tableName },
    spec: {
      components: [
        {
          name: tableName,
          type: 'aws-dynamodb-kro',
          properties: {
            tableName,
            region,
            attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
            keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
          } as Record<string, unknown>,
          traits: (encryption
            ? [{ type: 'dynamodb-encryption-kro', properties: encryption }]
            : []) as {
            type: string;
            properties: Record<string, unknown>;
          }[],
        },
      ],
    },
  };
}
