import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  paginateListKeys,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  expectedKeyType,
  formatTableArn,
  sseSpecificationFor,
  TableApplicationSpec,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { sandboxClients } from './clients';
import { SeededEvents, seedEvents } from './events';
import { Fleet, FleetKey, FleetTable } from './fleet';
import { tableApplication } from './gitops';
import { seedOrganization } from './organization';

export { sandboxClients } from './clients';

const KEY_TAG = 'sandbox-key-id';

/**
 * What seeding produced: the organization, the ARN of every demo key and table, and the path AWS events
 * take to the portal's queue.
 */
export interface SeedResult {
  organization: { managementAccountId: string; organizationId: string };
  keyArns: Record<string, string>;
  tableArns: Record<string, string>;
  created: { accounts: number; keys: number; tables: number };
  events: SeededEvents;
}

/** The ARN of the demo key `id` (by the tag the seed gives it), if it is there. */
export async function findKey(kms: KMSClient, id: string) {
  for await (const page of paginateListKeys({ client: kms }, {})) {
    for (const k of page.Keys ?? []) {
      const tags = await kms.send(
        new ListResourceTagsCommand({ KeyId: k.KeyId }),
      );
      if (tags.Tags?.some(t => t.TagKey === KEY_TAG && t.TagValue === id))
        return k.KeyArn!;
    }
  }
  return undefined;
}

async function seedKey(
  endpoint: string,
  key: FleetKey,
): Promise<{ arn: string; created: boolean }> {
  const kms = await sandboxClients(endpoint).kms({
    accountId: key.account,
    region: key.region,
  });
  const existing = await findKey(kms, key.id);
  if (existing) return { arn: existing, created: false };
  if (key.alias) {
    // The alias already names a key (created by hand or by an earlier, interrupted seeding): use that key.
    const named = await kms
      .send(new DescribeKeyCommand({ KeyId: key.alias }))
      .catch(() => undefined);
    if (named?.KeyMetadata?.Arn)
      return { arn: named.KeyMetadata.Arn, created: false };
  }
  const created = await kms.send(
    new CreateKeyCommand({
      Description: key.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Tags: [{ TagKey: KEY_TAG, TagValue: key.id }],
    }),
  );
  const keyId = created.KeyMetadata!.KeyId!;
  if (key.alias)
    await kms.send(
      new CreateAliasCommand({ AliasName: key.alias, TargetKeyId: keyId }),
    );
  if (key.rotation)
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  return { arn: created.KeyMetadata!.Arn!, created: true };
}

/** Moves a key to its demo state after its tables exist (a table cannot be created on a disabled key). */
async function applyKeyState(endpoint: string, key: FleetKey, arn: string) {
  const kms = await sandboxClients(endpoint).kms({
    accountId: key.account,
    region: key.region,
  });
  const metadata = (await kms.send(new DescribeKeyCommand({ KeyId: arn })))
    .KeyMetadata;
  if (metadata?.KeyState !== 'Enabled' || key.state === 'Enabled') return;
  // moto's DisableKey and ScheduleKeyDeletion take a key id only.
  const keyId = metadata.KeyId;
  if (key.state === 'Disabled')
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
  if (key.state === 'PendingDeletion') {
    await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 30 }),
    );
  }
}

/** SSESpecification for the table's Application: the key ARN always, whatever the manifest names it by. */
function sseSpecification(
  spec: TableApplicationSpec,
  keyArn: string | undefined,
) {
  if (!spec.encryption) return undefined;
  const result = validateEncryptionTrait(spec.encryption);
  if (!result.ok)
    throw new Error(
      `table ${spec.table.tableName}: ${result.errors
        .map(e => `${e.field} ${e.message}`)
        .join('; ')}`,
    );
  return sseSpecificationFor(expectedKeyType(result.value), keyArn);
}

async function seedTable(
  endpoint: string,
  fleet: Fleet,
  table: FleetTable,
  keyArns: Record<string, string>,
) {
  const dynamodb = await sandboxClients(endpoint).dynamodb({
    accountId: table.account,
    region: table.region,
  });
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: table.name }));
    return false;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  const spec = tableApplication(fleet, table, keyArns);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: spec.table.tableName,
      AttributeDefinitions: spec.table.attributeDefinitions.map(a => ({
        AttributeName: a.attributeName,
        AttributeType: a.attributeType,
      })),
      KeySchema: spec.table.keySchema.map(k => ({
        AttributeName: k.attributeName,
        KeyType: k.keyType,
      })),
      BillingMode: spec.table.billingMode,
      SSESpecification: sseSpecification(
        spec,
        table.key ? keyArns[table.key] : undefined,
      ),
      Tags: Object.entries(spec.table.tags ?? {}).map(([Key, Value]) => ({
        Key,
        Value,
      })),
    }),
  );
  return true;
}

/**
 * Creates the demo fleet in the sandbox: its accounts in an AWS Organization first (the portal finds them
 * there), then keys and tables, then the queue, bus and rules that bring their AWS events to the portal.
 * Running it again changes nothing.
 */
export async function seedFleet(
  endpoint: string,
  fleet: Fleet,
): Promise<SeedResult> {
  const organization = await seedOrganization(sandboxClients(endpoint), fleet);
  const keyArns: Record<string, string> = {};
  const tableArns: Record<string, string> = {};
  const created = { accounts: organization.created, keys: 0, tables: 0 };
  for (const key of fleet.keys) {
    const { arn, created: isNew } = await seedKey(endpoint, key);
    keyArns[key.id] = arn;
    if (isNew) created.keys++;
  }
  for (const table of fleet.tables) {
    if (await seedTable(endpoint, fleet, table, keyArns)) created.tables++;
    tableArns[table.name] = formatTableArn({
      region: table.region,
      accountId: table.account,
      tableName: table.name,
    });
  }
  for (const key of fleet.keys) {
    await applyKeyState(endpoint, key, keyArns[key.id]);
  }
  const events = await seedEvents(endpoint, fleet, organization);
  return {
    organization: {
      managementAccountId: organization.managementAccountId,
      organizationId: organization.organizationId,
    },
    keyArns,
    tableArns,
    created,
    events,
  };
}
