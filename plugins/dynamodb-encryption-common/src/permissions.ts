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

/** @public */
export const dynamoDbEncryptionPermissions = [
  dynamoDbEncryptionTableReadPermission,
  dynamoDbEncryptionFleetScanPermission,
];
