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
 * The permission resource type of a fleet row: one scanned table, named by its table ARN. The backend
 * plugin's rules (`isOwnedBy`, `inAccounts`) decide which rows a conditional decision lets through.
 *
 * @public
 */
export const DYNAMODB_FLEET_TABLE_RESOURCE_TYPE = 'dynamodb-fleet-table';

/**
 * Reading the fleet: its scanned tables, key ARNs and findings (the dashboard, its summary, scan status,
 * the CSV and compliance exports, the `list-tables-with-findings` action). A resource permission on fleet
 * rows: a policy may allow the whole fleet, or return a conditional decision (the rows a user's teams
 * own, the rows of some accounts), which every fleet read applies in its database queries.
 *
 * @public
 */
export const dynamoDbEncryptionFleetReadPermission = createPermission({
  name: 'dynamodb-encryption.fleet.read',
  attributes: { action: 'read' },
  resourceType: DYNAMODB_FLEET_TABLE_RESOURCE_TYPE,
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
