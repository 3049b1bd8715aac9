import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading a table entity's encryption report (and the tables a Component or System depends on). A resource
 * permission on the catalog entity, so policies can decide per owner, kind or annotation.
 *
 * @public
 */
export const dynamoDbEncryptionTableReadPermission = createPermission({
  name: 'dynamodb-encryption.table.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Starting a fleet scan on demand.
 *
 * @public
 */
export const dynamoDbEncryptionFleetScanPermission = createPermission({
  name: 'dynamodb-encryption.fleet.scan',
  attributes: { action: 'update' },
});

/**
 * Reading the fleet: every scanned table, key ARN and finding of every configured account (the dashboard,
 * its summary, scan status and CSV export).
 *
 * @public
 */
export const dynamoDbEncryptionFleetReadPermission = createPermission({
  name: 'dynamodb-encryption.fleet.read',
  attributes: { action: 'read' },
});

/**
 * Listing the KMS keys of an account and region, as the form's key picker does.
 *
 * @public
 */
export const dynamoDbEncryptionKmsKeyListPermission = createPermission({
  name: 'dynamodb-encryption.kms-keys.list',
  attributes: { action: 'read' },
});

/** @public */
export const dynamoDbEncryptionPermissions = [
  dynamoDbEncryptionTableReadPermission,
  dynamoDbEncryptionFleetReadPermission,
  dynamoDbEncryptionFleetScanPermission,
  dynamoDbEncryptionKmsKeyListPermission,
];
