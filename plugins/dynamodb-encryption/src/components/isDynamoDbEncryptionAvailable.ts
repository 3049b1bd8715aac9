import { Entity } from '@backstage/catalog-model';
import { DYNAMODB_TABLE_ARN_ANNOTATION } from '@dynamodb-encryption/backstage-plugin-common';

/**
 * True when the entity names a DynamoDB table through its ARN annotation.
 *
 * @public
 */
export function isDynamoDbEncryptionAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION]);
}

/**
 * True for the entities that can depend on tables: Components and Systems.
 *
 * @public
 */
export function canDependOnDynamoDbTables(entity: Entity): boolean {
  return ['component', 'system'].includes(entity.kind.toLowerCase());
}
