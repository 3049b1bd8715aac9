import {
  classifyKeyType,
  displayAliases,
  KeyMetadataLike,
  SseDescriptionLike,
} from './classify';
import { analyzeKeyPolicy } from './keyPolicy';
import type { EncryptionFacts, TableSummary } from './report';

/** Days AWS takes between rotations of an AWS managed key; it cannot be changed. */
const AWS_MANAGED_ROTATION_DAYS = 365;
/** Days a table stays inaccessible before DynamoDB archives it. */
/** @public */
export const INACCESSIBLE_ARCHIVAL_DAYS = 7;

/**
 * Everything read from AWS about one table, in the shapes the AWS APIs return.
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
  rotation?: {
    KeyRotationEnabled?: boolean;
    RotationPeriodInDays?: number;
    NextRotationDate?: Date | string;
  };
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Turns raw AWS observations into the encryption facts shown to people.
 *
 * @public
 */
export function describeEncryption(
  obs: TableEncryptionObservation,
): EncryptionFacts {
  const aliases = displayAliases(obs.aliases ?? []);
  const keyType = classifyKeyType({ sse: obs.sse, key: obs.key, aliases });
  if (keyType === 'AWS_OWNED') {
    return { keyType, sseStatus: obs.sse?.Status, aliases: [] };
  }
  const key = obs.key;
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
  return {
    keyType,
    sseStatus: obs.sse?.Status,
    sseType: obs.sse?.SSEType,
    // DescribeKey normalises whatever DynamoDB echoed (moto may echo an alias) to the key ARN.
    kmsKeyArn: key?.Arn ?? obs.sse?.KMSMasterKeyArn,
    kmsKeyId: key?.KeyId,
    aliases,
    keyState: key?.KeyState,
    keySpec: key?.KeySpec,
    keyUsage: key?.KeyUsage,
    keyManager: key?.KeyManager,
    origin: key?.Origin,
    multiRegion: key?.MultiRegion,
    deletionDate: iso(key?.DeletionDate),
    keyCreationDate: iso(key?.CreationDate),
    rotation: rotation || undefined,
    inaccessibleSince: iso(obs.sse?.InaccessibleEncryptionDateTime),
    archivalDate: obs.sse?.InaccessibleEncryptionDateTime
      ? new Date(
          new Date(obs.sse.InaccessibleEncryptionDateTime).getTime() +
            INACCESSIBLE_ARCHIVAL_DAYS * 86_400_000,
        ).toISOString()
      : undefined,
    keyPolicy:
      obs.keyPolicy !== undefined
        ? analyzeKeyPolicy(obs.keyPolicy, obs.table.region)
        : undefined,
  };
}
