/**
 * Catalog annotation holding a DynamoDB table's ARN (which carries its account and region).
 *
 * @public
 */
export const DYNAMODB_TABLE_ARN_ANNOTATION =
  'aws.amazon.com/dynamodb-table-arn';

/**
 * Catalog annotation pointing to the KubeVela Application manifest that declares the table's desired state.
 *
 * @public
 */
export const DYNAMODB_APPLICATION_MANIFEST_ANNOTATION =
  'dynamodb-encryption.io/application-manifest';

/**
 * `spec.type` of catalog Resources that are DynamoDB tables.
 *
 * @public
 */
export const DYNAMODB_TABLE_RESOURCE_TYPE = 'dynamodb-table';

/**
 * Alias of the AWS managed key that DynamoDB uses when SSE is enabled without a key.
 *
 * @public
 */
export const AWS_MANAGED_DYNAMODB_KEY_ALIAS = 'alias/aws/dynamodb';

/**
 * The three kinds of key that can protect a DynamoDB table. DynamoDB always encrypts at rest: "disabled"
 * SSE still means the AWS owned key.
 *
 * @public
 */
export const KEY_TYPES = [
  'AWS_OWNED',
  'AWS_MANAGED',
  'CUSTOMER_MANAGED',
] as const;

/** @public */
export type KeyType = (typeof KEY_TYPES)[number];

/**
 * What an observation of a table can conclude: one of the three key types, or `UNKNOWN` when AWS refused
 * (or had nothing) to tell. Unknown is an answer, never replaced by the most likely type.
 *
 * @public
 */
export const OBSERVED_KEY_TYPES = [...KEY_TYPES, 'UNKNOWN'] as const;

/** @public */
export type ObservedKeyType = (typeof OBSERVED_KEY_TYPES)[number];

/**
 * Human labels for the key types, used by every screen.
 *
 * @public
 */
export const KEY_TYPE_LABELS: Record<ObservedKeyType, string> = {
  AWS_OWNED: 'AWS owned',
  AWS_MANAGED: 'AWS managed',
  CUSTOMER_MANAGED: 'Customer managed',
  UNKNOWN: 'Unknown',
};

/**
 * KMS key states in which DynamoDB cannot use a key, with the severity of a table depending on it.
 * `NotFound` is the portal's word for a key DescribeKey says does not exist.
 *
 * @public
 */
export const UNUSABLE_KEY_STATES: Record<
  string,
  { severity: 'critical' | 'high'; title: string }
> = {
  NotFound: {
    severity: 'critical',
    title:
      "The table's KMS key does not exist: DynamoDB cannot decrypt the table",
  },
  Disabled: {
    severity: 'critical',
    title:
      'The customer managed key is disabled: the table becomes inaccessible',
  },
  PendingDeletion: {
    severity: 'critical',
    title: 'The customer managed key is scheduled for deletion',
  },
  PendingImport: {
    severity: 'critical',
    title:
      'The key has no key material (pending import): DynamoDB cannot use it',
  },
  Unavailable: {
    severity: 'high',
    title:
      'The key is unavailable (its custom key store is disconnected): DynamoDB cannot use it until it is reconnected',
  },
};

/** Days between rotations of an AWS managed key; AWS rotates it and it cannot be changed. @public */
export const AWS_MANAGED_ROTATION_DAYS = 365;

/** @public */
export const DYNAMODB_ENCRYPTION_PLUGIN_ID = 'dynamodb-encryption';

/** DynamoDB's table status when it cannot use the table's KMS key. @public */
export const INACCESSIBLE_TABLE_STATUS = 'INACCESSIBLE_ENCRYPTION_CREDENTIALS';
