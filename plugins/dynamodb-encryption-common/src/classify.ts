import { AWS_MANAGED_DYNAMODB_KEY_ALIAS, ObservedKeyType } from './constants';
import { isAwsManagedDynamoDbAlias, isAwsReservedAlias } from './arn';

/**
 * The parts of DynamoDB's `DescribeTable` `SSEDescription` that decide the key type.
 *
 * @public
 */
export interface SseDescriptionLike {
  Status?: string;
  SSEType?: string;
  KMSMasterKeyArn?: string;
  InaccessibleEncryptionDateTime?: Date | string;
}

/**
 * The parts of KMS `DescribeKey`'s `KeyMetadata` that decide the key type.
 *
 * @public
 */
export interface KeyMetadataLike {
  KeyId?: string;
  Arn?: string;
  KeyManager?: string;
  KeyState?: string;
  Description?: string;
}

/**
 * True for a key AWS manages: `KeyManager: AWS` in real AWS; moto always says `CUSTOMER`, so a reserved
 * `alias/aws/...` alias identifies one too.
 *
 * @public
 */
export function isAwsManagedKey(
  key: KeyMetadataLike | undefined,
  aliases: readonly string[],
): boolean {
  return key?.KeyManager === 'AWS' || aliases.some(isAwsReservedAlias);
}

/**
 * A call AWS refused or could not answer while a table was read. Kept in the observation so that the
 * assessment says what it could not see, and what to grant, instead of guessing.
 *
 * @public
 */
export interface AwsRefusal {
  /** The IAM action, such as `kms:DescribeKey`. */
  action: string;
  /** `access-denied` (IAM or a key policy said no) or `not-found` (the resource does not exist). */
  reason: 'access-denied' | 'not-found';
  /** The ARN (or name) the action was called on. */
  resource: string;
  /** The account whose credentials made the call. */
  callerAccountId: string;
  message?: string;
}

/** The refusal of `action`, if AWS refused it. @public */
export function refusalOf(
  refusals: readonly AwsRefusal[] | undefined,
  action: string,
): AwsRefusal | undefined {
  return refusals?.find(r => r.action === action);
}

/**
 * Decides which key type protects a table, from DynamoDB's `DescribeTable` `SSEDescription`, KMS
 * `DescribeKey`'s `KeyMetadata`, the key's aliases and the calls AWS refused.
 *
 * Robust to both real AWS and the moto sandbox: real AWS marks AWS managed keys with `KeyManager: AWS`;
 * moto always says `CUSTOMER`, so the `alias/aws/dynamodb` alias (or an alias reference echoed as the key
 * ARN) identifies the AWS managed key too, even when DescribeKey was denied. What cannot be placed is
 * `UNKNOWN`: a table DescribeTable was denied for, or an SSE description whose key could not be read.
 * A key DescribeKey says does not exist was a customer managed key (AWS managed keys cannot be deleted).
 *
 * @public
 */
export function classifyKeyType(input: {
  sse?: SseDescriptionLike;
  key?: KeyMetadataLike;
  aliases?: readonly string[];
  refusals?: readonly AwsRefusal[];
}): ObservedKeyType {
  const { sse, key, aliases = [], refusals } = input;
  if (refusalOf(refusals, 'dynamodb:DescribeTable')) return 'UNKNOWN';
  // No SSEDescription, or SSE switched off, means the AWS owned key: DynamoDB still encrypts.
  if (!sse || sse.Status === 'DISABLED' || sse.Status === 'DISABLING') {
    return 'AWS_OWNED';
  }
  if (
    isAwsManagedKey(key, aliases) ||
    (sse.KMSMasterKeyArn && isAwsManagedDynamoDbAlias(sse.KMSMasterKeyArn))
  ) {
    return 'AWS_MANAGED';
  }
  if (key?.KeyManager === 'CUSTOMER') return 'CUSTOMER_MANAGED';
  if (refusalOf(refusals, 'kms:DescribeKey')?.reason === 'not-found') {
    return 'CUSTOMER_MANAGED';
  }
  return 'UNKNOWN';
}

/**
 * Aliases worth showing people: the AWS managed key's reserved alias stays, other reserved `alias/aws/*`
 * names (which moto lists with dangling targets) are dropped, and the rest is sorted.
 *
 * @public
 */
export function displayAliases(aliases: readonly string[]): string[] {
  return [...new Set(aliases)]
    .filter(a => a === AWS_MANAGED_DYNAMODB_KEY_ALIAS || !isAwsReservedAlias(a))
    .sort();
}
