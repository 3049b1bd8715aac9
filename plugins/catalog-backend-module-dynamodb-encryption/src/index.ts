/**
 * Catalog module: the DynamoDB tables the fleet scan found that no catalog entity declares, as `Resource`
 * entities of type `dynamodb-table`.
 *
 * @packageDocumentation
 */
export { catalogModuleDynamoDbTables as default } from './module';
export { DynamoDbTableEntityProvider } from './provider';
