import { AWS_MANAGED_DYNAMODB_KEY_ALIAS, KeyType } from './constants';
import type { TableEncryptionObservation } from './describe';
import type { KmsKeyOption, TableSummary } from './report';

/**
 * A table as DynamoDB would describe it once protected by a key choice: no SSE description for the AWS
 * owned key; `alias/aws/dynamodb`, managed by AWS, for the AWS managed key (its ARN named after the alias
 * when the account's is not known); the key as KMS describes it for a customer managed key. The form's
 * estimates and the key change's "after" are the one assessment of this observation.
 *
 * @public
 */
export function keyChoiceObservation(
  table: TableSummary,
  choice: KeyType,
  key?: Pick<
    KmsKeyOption,
    'keyArn' | 'keyId' | 'keyState' | 'keySpec' | 'aliases' | 'rotation'
  >,
): TableEncryptionObservation {
  if (choice === 'AWS_OWNED') return { table };
  if (choice === 'AWS_MANAGED') {
    const arn =
      key?.keyArn ??
      `arn:aws:kms:${table.region}:${table.accountId}:key/aws-managed-dynamodb`;
    return {
      table,
      sse: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: arn },
      key: {
        Arn: arn,
        KeyManager: 'AWS',
        KeyState: 'Enabled',
        KeySpec: 'SYMMETRIC_DEFAULT',
      },
      aliases: [AWS_MANAGED_DYNAMODB_KEY_ALIAS],
    };
  }
  if (!key) throw new Error('a customer managed key choice needs its key');
  return {
    table,
    sse: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: key.keyArn },
    key: {
      Arn: key.keyArn,
      KeyId: key.keyId,
      KeyManager: 'CUSTOMER',
      KeyState: key.keyState,
      KeySpec: key.keySpec,
    },
    aliases: key.aliases,
    rotation: key.rotation && {
      KeyRotationEnabled: key.rotation.enabled,
      RotationPeriodInDays: key.rotation.periodDays,
    },
  };
}
