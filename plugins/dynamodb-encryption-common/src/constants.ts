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
 * Human labels for the key types, used by every screen.
 *
 * @public
 */
export const KEY_TYPE_LABELS: Record<KeyType, string> = {
  AWS_OWNED: 'AWS owned',
  AWS_MANAGED: 'AWS managed',
  CUSTOMER_MANAGED: 'Customer managed',
};

/** @public */
export const DYNAMODB_ENCRYPTION_PLUGIN_ID = 'dynamodb-encryption';
