import { z } from 'zod/v3';
import { AWS_MANAGED_DYNAMODB_KEY_ALIAS, KeyType } from './constants';
import { isAwsManagedDynamoDbAlias, parseKmsKeyReference } from './arn';

/**
 * The `sseType` values the `dynamodb-encryption-kro` trait accepts, with the seed's default first.
 *
 * @public
 */
export const SSE_TYPES = ['AES256', 'KMS'] as const;

/**
 * Properties of the `dynamodb-encryption-kro` trait, after defaults.
 *
 * @public
 */
export interface EncryptionTraitProperties {
  enabled: boolean;
  sseType: (typeof SSE_TYPES)[number];
  kmsKeyId?: string;
}

/** @public */
export interface FieldError {
  field: string;
  message: string;
}

/** @public */
export type ValidationResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldError[] };

/**
 * The `dynamodb-encryption-kro` trait's defaults (the seed's): a property left out means this.
 *
 * @public
 */
export const ENCRYPTION_TRAIT_DEFAULTS = {
  enabled: true,
  sseType: 'AES256',
} as const satisfies Omit<EncryptionTraitProperties, 'kmsKeyId'>;

const traitShape = z
  .object({
    enabled: z
      .boolean({ invalid_type_error: 'must be true or false' })
      .default(ENCRYPTION_TRAIT_DEFAULTS.enabled),
    sseType: z
      .enum(SSE_TYPES, {
        errorMap: () => ({ message: `must be one of ${SSE_TYPES.join(', ')}` }),
      })
      .default(ENCRYPTION_TRAIT_DEFAULTS.sseType),
    kmsKeyId: z.string({ invalid_type_error: 'must be a string' }).optional(),
  })
  .strict();

/**
 * Validates `dynamodb-encryption-kro` trait properties with the seed's defaults (`enabled: true`,
 * `sseType: AES256`). Every message names the field it is about.
 *
 * @public
 */
export function validateEncryptionTrait(
  input: unknown,
): ValidationResult<EncryptionTraitProperties> {
  const parsed = traitShape.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(issue => ({
        field:
          issue.path.join('.') ||
          (issue.code === 'unrecognized_keys'
            ? issue.keys.join(', ')
            : 'properties'),
        message:
          issue.code === 'unrecognized_keys'
            ? `unknown propert${
                issue.keys.length > 1 ? 'ies' : 'y'
              } ${issue.keys.join(', ')} (allowed: enabled, sseType, kmsKeyId)`
            : issue.message,
      })),
    };
  }
  const value = parsed.data;
  const errors: FieldError[] = [];
  const keyGiven = value.kmsKeyId !== undefined;
  if (value.enabled && value.sseType === 'KMS' && !keyGiven) {
    errors.push({
      field: 'kmsKeyId',
      message: `is required when sseType is KMS (a key ARN, key id, alias such as ${AWS_MANAGED_DYNAMODB_KEY_ALIAS}, or alias ARN)`,
    });
  }
  if (keyGiven && !value.enabled) {
    errors.push({
      field: 'kmsKeyId',
      message:
        'must not be set when enabled is false (the AWS owned key is used)',
    });
  } else if (keyGiven && value.sseType !== 'KMS') {
    errors.push({
      field: 'kmsKeyId',
      message: 'must not be set unless sseType is KMS',
    });
  }
  // No trimming: the RGD hands the value to ACK as it is, so " alias/x" is refused here as in the CUE trait.
  if (
    keyGiven &&
    (value.kmsKeyId !== value.kmsKeyId!.trim() ||
      !parseKmsKeyReference(value.kmsKeyId!))
  ) {
    errors.push({
      field: 'kmsKeyId',
      message:
        'is not a KMS key id, mrk- key id, key ARN, alias name (alias/...) or alias ARN',
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/**
 * The key type that valid trait properties ask for (product.md's mapping table).
 *
 * @public
 */
export function expectedKeyType(props: EncryptionTraitProperties): KeyType {
  if (!props.enabled || props.sseType !== 'KMS') return 'AWS_OWNED';
  return props.kmsKeyId && isAwsManagedDynamoDbAlias(props.kmsKeyId)
    ? 'AWS_MANAGED'
    : 'CUSTOMER_MANAGED';
}

/**
 * The trait properties that ask for a key type: the one mapping from a key choice (the forms' `keyChoice`)
 * to `dynamodb-encryption-kro`, the inverse of {@link expectedKeyType}. A customer managed key is written as
 * its ARN (an alias or key id would make the ACK controller update the table forever).
 *
 * @public
 */
export function encryptionTraitFor(
  keyType: KeyType,
  kmsKeyArn?: string,
): EncryptionTraitProperties {
  switch (keyType) {
    case 'AWS_OWNED':
      return { enabled: true, sseType: 'AES256' };
    case 'AWS_MANAGED':
      return {
        enabled: true,
        sseType: 'KMS',
        kmsKeyId: AWS_MANAGED_DYNAMODB_KEY_ALIAS,
      };
    case 'CUSTOMER_MANAGED':
      if (!kmsKeyArn)
        throw new Error('kmsKeyArn is required for a customer managed key');
      return { enabled: true, sseType: 'KMS', kmsKeyId: kmsKeyArn };
    default:
      throw new Error(`unknown key type ${keyType as string}`);
  }
}

/**
 * DynamoDB's `SSESpecification` for a key type, as CreateTable and the ACK Table take it. `AES256` is never
 * sent (the real API rejects it) and `Enabled` is always present.
 *
 * @public
 */
export function sseSpecificationFor(
  keyType: KeyType,
  kmsKeyArn?: string,
): { Enabled: boolean; SSEType?: 'KMS'; KMSMasterKeyId?: string } {
  switch (keyType) {
    case 'AWS_OWNED':
      return { Enabled: false };
    case 'AWS_MANAGED':
      return { Enabled: true, SSEType: 'KMS' };
    case 'CUSTOMER_MANAGED':
      if (!kmsKeyArn)
        throw new Error('kmsKeyArn is required for a customer managed key');
      return { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: kmsKeyArn };
    default:
      throw new Error(`unknown key type ${keyType as string}`);
  }
}
