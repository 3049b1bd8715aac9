/**
 * Scaffolder actions for encrypted DynamoDB tables.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDynamoDbEncryption as default } from './module';
