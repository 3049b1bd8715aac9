import { keyAccountIdOf, keyIdOf } from './arn';
import {
  AwsRefusal,
  classifyKeyType,
  displayAliases,
  KeyMetadataLike,
  refusalOf,
  SseDescriptionLike,
} from './classify';
import { AWS_MANAGED_ROTATION_DAYS } from './constants';
import { analyzeKeyPolicy } from './keyPolicy';
import { analyzeKeyUse, KmsGrantLike } from './keyPrincipals';
import type { EncryptionFacts, TableSummary, Undetermined } from './report';

/** Days a table stays inaccessible before DynamoDB archives it. @public */
export const INACCESSIBLE_ARCHIVAL_DAYS = 7;

/**
 * Everything read from AWS about one table, in the shapes the AWS APIs return, with the calls AWS
 * refused instead of answering.
 *
 * @public
 */
export interface TableEncryptionObservation {
  table: TableSummary;
  sse?: SseDescriptionLike;
  key?: KeyMetadataLike & {
    KeySpec?: string;
    KeyUsage?: string;
    Origin?: string;
    MultiRegion?: boolean;
    DeletionDate?: Date | string;
    CreationDate?: Date | string;
  };
  aliases?: readonly string[];
  /** GetKeyPolicy's `Policy` document. */
  keyPolicy?: string;
  /** ListGrants' `Grants`, every page; omitted when not read. */
  grants?: KmsGrantLike[];
  rotation?: {
    KeyRotationEnabled?: boolean;
    RotationPeriodInDays?: number;
    NextRotationDate?: Date | string;
  };
  /** Calls AWS refused (access denied, not found) while reading this table. */
  refusals?: AwsRefusal[];
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** What could not be seen about a table or its key, and what to grant so that it can be. */
function undetermined(
  obs: TableEncryptionObservation,
  keyAccountId: string | undefined,
): Undetermined | undefined {
  const denied = (obs.refusals ?? []).filter(r => r.reason === 'access-denied');
  if (!denied.length) return undefined;
  const table = refusalOf(denied, 'dynamodb:DescribeTable');
  if (table) {
    return {
      reason: `DynamoDB refused DescribeTable for ${obs.table.name} to the portal's role in ${table.callerAccountId}`,
      grant: [
        {
          actions: ['dynamodb:DescribeTable'],
          resource: table.resource,
          accountId: table.callerAccountId,
        },
      ],
    };
  }
  const crossAccount = keyAccountId && keyAccountId !== obs.table.accountId;
  return {
    reason: crossAccount
      ? `The key is in account ${keyAccountId}, not readable by the portal (${denied
          .map(d => d.action)
          .join(', ')} denied)`
      : `KMS refused ${denied
          .map(d => d.action)
          .join(', ')} to the portal's role in ${denied[0].callerAccountId}`,
    grant: [
      {
        actions: [...new Set(denied.map(d => d.action))],
        resource: denied[0].resource,
        accountId: denied[0].callerAccountId,
      },
    ],
  };
}

/**
 * Turns raw AWS observations into the encryption facts shown to people. Where AWS refused, the facts
 * say so (`undetermined`) rather than guess.
 *
 * @public
 */
export function describeEncryption(
  obs: TableEncryptionObservation,
): EncryptionFacts {
  const aliases = displayAliases(obs.aliases ?? []);
  const keyType = classifyKeyType({ ...obs, aliases });
  const key = obs.key;
  const keyRef = key?.Arn ?? obs.sse?.KMSMasterKeyArn;
  const keyAccountId = keyAccountIdOf(keyRef);
  const missing =
    refusalOf(obs.refusals, 'kms:DescribeKey')?.reason === 'not-found';
  const unknown =
    undetermined(obs, keyAccountId) ??
    (keyType === 'UNKNOWN'
      ? {
          reason:
            'DynamoDB describes server-side encryption without naming a key the portal could read',
          grant: [],
        }
      : undefined);
  if (keyType === 'AWS_OWNED') {
    return { keyType, sseStatus: obs.sse?.Status, aliases: [] };
  }
  const rotation =
    keyType === 'AWS_MANAGED'
      ? {
          enabled: true,
          periodDays: AWS_MANAGED_ROTATION_DAYS,
          managedByAws: true,
        }
      : obs.rotation && {
          enabled: obs.rotation.KeyRotationEnabled === true,
          periodDays: obs.rotation.RotationPeriodInDays,
          nextRotationDate: iso(obs.rotation.NextRotationDate),
        };
  const inaccessibleSince = iso(obs.sse?.InaccessibleEncryptionDateTime);
  return {
    keyType,
    sseStatus: obs.sse?.Status,
    sseType: obs.sse?.SSEType,
    // DescribeKey normalises whatever DynamoDB echoed (moto may echo an alias) to the key ARN.
    kmsKeyArn: keyRef,
    kmsKeyId: key?.KeyId ?? keyIdOf(keyRef),
    keyAccountId,
    aliases,
    keyState: missing ? 'NotFound' : key?.KeyState,
    keySpec: key?.KeySpec,
    keyUsage: key?.KeyUsage,
    keyManager: key?.KeyManager,
    origin: key?.Origin,
    multiRegion: key?.MultiRegion,
    deletionDate: iso(key?.DeletionDate),
    keyCreationDate: iso(key?.CreationDate),
    rotation: rotation || undefined,
    inaccessibleSince,
    archivalDate: inaccessibleSince
      ? new Date(
          new Date(inaccessibleSince).getTime() +
            INACCESSIBLE_ARCHIVAL_DAYS * 86_400_000,
        ).toISOString()
      : undefined,
    keyPolicy:
      obs.keyPolicy !== undefined
        ? analyzeKeyPolicy(obs.keyPolicy, obs.table.region, {
            keyAccountId,
            callerAccountId: obs.table.accountId,
          })
        : undefined,
    keyUse:
      obs.keyPolicy !== undefined || obs.grants !== undefined
        ? analyzeKeyUse({
            policy: obs.keyPolicy,
            grants: obs.grants,
            keyArn: keyRef,
          })
        : undefined,
    ...(unknown ? { undetermined: unknown } : {}),
  };
}
