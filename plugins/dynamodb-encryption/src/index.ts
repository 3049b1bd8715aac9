/**
 * Frontend of DynamoDB encryption insight (legacy frontend system; the new system lives at `./alpha`).
 *
 * @packageDocumentation
 */
export {
  dynamoDbEncryptionPlugin,
  EntityDynamoDbEncryptionCard,
  EntityDynamoDbEncryptionContent,
  EntityDynamoDbTablesCard,
  KmsKeyPickerFieldExtension,
  TableNameFieldExtension,
  TablePreviewFieldExtension,
  AdoptionPreviewFieldExtension,
  KeyChangePreviewFieldExtension,
  DynamoDbEncryptionFleetPage,
} from './plugin';
export {
  canDependOnDynamoDbTables,
  isDynamoDbEncryptionAvailable,
} from './components/isDynamoDbEncryptionAvailable';
export {
  dynamoDbEncryptionApiRef,
  DynamoDbEncryptionClient,
  type DynamoDbEncryptionApi,
  type KeyChoices,
} from './api/DynamoDbEncryptionApi';
export { DynamoDbEncryptionNavItem } from './components/FleetPage/FleetAccess';
