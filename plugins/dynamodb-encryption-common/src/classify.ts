import { AWS_MANAGED_DYNAMODB_KEY_ALIAS, KeyType } from './constants';
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
 * Decides which of the three key types protects a table, from DescribeTable's `SSEDescription`, DescribeKey's
 * `KeyMetadata` and the aliases of the key (ListAliases by key id).
 *
 * Robust to both real AWS and the moto sandbox: real AWS marks AWS managed keys with `KeyManager: AWS`;
 * moto always says `CUSTOMER`, so the `alias/aws/dynamodb` alias (or an alias reference echoed as the key
 * ARN) identifies the AWS managed key too.
 *
 * @public
 */
export function classifyKeyType(input: {
  sse?: SseDescriptionLike;
  key?: KeyMetadataLike;
  aliases?: readonly string[];
}): KeyType {
  const { sse, key, aliases = [] } = input;
  // No SSEDescription, or SSE switched off, means the AWS owned key: DynamoDB still encrypts.
  if (!sse || sse.Status === 'DISABLED' || sse.Status === 'DISABLING') {
    return 'AWS_OWNED';
  }
  if (isAwsManagedKey(key, aliases)) return 'AWS_MANAGED';
  if (sse.KMSMasterKeyArn && isAwsManagedDynamoDbAlias(sse.KMSMasterKeyArn)) {
    return 'AWS_MANAGED';
  }
  return 'CUSTOMER_MANAGED';
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
