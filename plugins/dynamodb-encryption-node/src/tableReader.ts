import {
  DescribeTableCommand,
  TableDescription,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import {
  AwsRefusal,
  classifyKeyType,
  keyIdOf,
  parseKmsKeyReference,
  TableArn,
  TableEncryptionObservation,
  TableSummary,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AwsClientFactory, AwsTarget } from './awsClients';
import { isAccessDenied, mapAwsError } from './awsErrors';
import { refusal, refusalRecorder } from './awsRefusals';
import { listGrants } from './keyGrants';

/**
 * Where to read a table's key: a key of another account is read with that account's credentials when
 * the portal has them, otherwise with the table account's (which works only if the key policy allows it).
 *
 * @public
 */
export function keyTarget(
  clients: AwsClientFactory,
  table: AwsTarget,
  keyRef: string,
): AwsTarget {
  const parsed = parseKmsKeyReference(keyRef);
  if (!parsed || !('accountId' in parsed)) return table;
  // The table's own account keeps the table's way in (an organization role), so credentials are shared.
  return parsed.accountId !== table.accountId &&
    clients.hasAccount(parsed.accountId)
    ? { accountId: parsed.accountId, region: parsed.region }
    : { ...table, region: parsed.region };
}

/**
 * What DescribeTable said about a table's encryption (or, when it was refused, the table as named): the one
 * mapping from DescribeTable to the observation the assessment reads, for the per-table report and the scan.
 */
export function observeTable(
  target: AwsTarget,
  name: string,
  arn: string,
  described: TableDescription | undefined,
): TableEncryptionObservation {
  return {
    table: {
      arn: described?.TableArn ?? arn,
      name,
      accountId: target.accountId,
      region: target.region,
      status: described?.TableStatus,
    },
    sse: described?.SSEDescription,
  };
}

/**
 * DescribeTable for the per-table readers: a table AWS will not show is a recorded refusal (an answer,
 * "unknown"); a table AWS does not have is a NotFoundError; any other failure the HTTP error it deserves.
 */
export async function describeTable(
  clients: AwsClientFactory,
  table: TableArn,
  refusals: AwsRefusal[],
): Promise<TableDescription | undefined> {
  const target = { accountId: table.accountId, region: table.region };
  const dynamodb = await clients.dynamodb(target);
  const described = await dynamodb
    .send(new DescribeTableCommand({ TableName: table.tableName }))
    .catch(e => {
      const denied = isAccessDenied(e)
        ? refusal('dynamodb:DescribeTable', e, target, table.arn)
        : undefined;
      if (!denied)
        throw mapAwsError(e, {
          ...target,
          resource: `table ${table.tableName}`,
        });
      refusals.push(denied);
      return undefined;
    });
  return described?.Table;
}

/**
 * Where a read of one table starts: its account and region, the refusals it will record, and an
 * observation naming the table (shared by the report's and adoption's readers).
 */
export function startObservation(table: TableArn) {
  const refusals: AwsRefusal[] = [];
  return {
    target: { accountId: table.accountId, region: table.region },
    refusals,
    observation: {
      table: {
        arn: table.arn,
        name: table.tableName,
        accountId: table.accountId,
        region: table.region,
      } as TableSummary,
      refusals,
    },
  };
}

/**
 * Reads what protects one table: DescribeTable, then for a KMS-encrypted table DescribeKey (which also
 * normalises an echoed alias to the key ARN), ListAliases by key id and, for customer managed keys,
 * GetKeyRotationStatus and GetKeyPolicy. What AWS refuses is recorded, not guessed; a table AWS does not
 * have is a NotFoundError.
 *
 * @public
 */
export async function readTableEncryption(
  clients: AwsClientFactory,
  table: TableArn,
): Promise<TableEncryptionObservation> {
  const start = startObservation(table);
  const { target, refusals } = start;
  const observation: TableEncryptionObservation = start.observation;
  const described = await describeTable(clients, table, refusals);
  Object.assign(
    observation,
    observeTable(target, table.tableName, table.arn, described),
    { refusals },
  );
  const keyRef = observation.sse?.KMSMasterKeyArn;
  if (!keyRef || classifyKeyType(observation) === 'AWS_OWNED') {
    return observation;
  }

  Object.assign(observation, await readKey(clients, target, keyRef, refusals));
  return observation;
}

/**
 * What was read about one key; shared by every table it protects.
 *
 * @public
 */
export type KeyObservation = Pick<
  TableEncryptionObservation,
  'key' | 'aliases' | 'rotation' | 'keyPolicy' | 'grants'
>;

/**
 * Reads one key a table names in `SSEDescription.KMSMasterKeyArn`: DescribeKey, its aliases (ListAliases by
 * key id, or `aliasesOf` when the caller already listed the region's aliases), and for a customer managed
 * key GetKeyRotationStatus (in the states KMS answers it), GetKeyPolicy and ListGrants (every page: grants give
 * use of the key outside its policy). Refusals are recorded in
 * `refusals`. The per-table report and the fleet scan both read keys through here.
 *
 * @public
 */
export async function readKey(
  clients: AwsClientFactory,
  tableTarget: AwsTarget,
  keyRef: string,
  refusals: AwsRefusal[],
  aliasesOf?: (at: AwsTarget, keyId: string) => string[] | undefined,
): Promise<KeyObservation> {
  const keyAt = keyTarget(clients, tableTarget, keyRef);
  const kms = await clients.kms(keyAt);
  const read = refusalRecorder(refusals, keyAt, keyRef);
  const observed: KeyObservation = {};
  const key = await read('kms:DescribeKey', () =>
    kms.send(new DescribeKeyCommand({ KeyId: keyRef })),
  );
  observed.key = key?.KeyMetadata;
  const keyId = key?.KeyMetadata?.KeyId ?? keyIdOf(keyRef);
  if (!keyId || refusals.some(r => r.reason === 'not-found')) return observed;
  // Even when DescribeKey is denied, the key's aliases tell an AWS managed key (alias/aws/dynamodb).
  observed.aliases =
    aliasesOf?.(keyAt, keyId) ??
    (
      await read('kms:ListAliases', () =>
        kms.send(new ListAliasesCommand({ KeyId: keyId })),
      )
    )?.Aliases?.filter(a => a.TargetKeyId === keyId)
      .map(a => a.AliasName)
      .filter((a): a is string => !!a);

  if (
    classifyKeyType({ sse: { Status: 'ENABLED' }, ...observed }) !==
    'CUSTOMER_MANAGED'
  ) {
    return observed;
  }
  const state = observed.key?.KeyState;
  const [rotation, policy, grants] = await Promise.all([
    // KMS answers rotation status only for enabled and disabled keys.
    state === 'Enabled' || state === 'Disabled'
      ? read('kms:GetKeyRotationStatus', () =>
          kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
        )
      : undefined,
    read('kms:GetKeyPolicy', () =>
      kms.send(
        new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }),
      ),
    ),
    read('kms:ListGrants', () => listGrants(kms, keyId)),
  ]);
  observed.rotation = rotation;
  observed.keyPolicy = policy?.Policy;
  observed.grants = grants;
  return observed;
}

/**
 * A table's observation with what was read of its key, and every refusal of either.
 *
 * @public
 */
export function withKey(
  observation: TableEncryptionObservation,
  refusals: AwsRefusal[],
  key: (KeyObservation & { refusals: AwsRefusal[] }) | undefined,
): TableEncryptionObservation {
  const all = [...refusals, ...(key?.refusals ?? [])];
  return {
    ...observation,
    ...(key
      ? {
          key: key.key,
          aliases: key.aliases,
          rotation: key.rotation,
          keyPolicy: key.keyPolicy,
          grants: key.grants,
        }
      : {}),
    refusals: all.length ? all : undefined,
  };
}

/**
 * The table's AWS tags (for policies that match on them); undefined when AWS refuses.
 *
 * @public
 */
export async function readTableTags(
  clients: AwsClientFactory,
  table: TableArn,
): Promise<Record<string, string> | undefined> {
  const target = { accountId: table.accountId, region: table.region };
  const dynamodb = await clients.dynamodb(target);
  const tags: Record<string, string> = {};
  let NextToken: string | undefined;
  do {
    const page = await dynamodb
      .send(
        new ListTagsOfResourceCommand({ ResourceArn: table.arn, NextToken }),
      )
      .catch(e => {
        if (isAccessDenied(e)) return undefined;
        throw mapAwsError(e, {
          ...target,
          resource: `table ${table.tableName}`,
        });
      });
    if (!page) return undefined;
    for (const tag of page.Tags ?? []) tags[tag.Key!] = tag.Value ?? '';
    NextToken = page.NextToken;
  } while (NextToken);
  return tags;
}
