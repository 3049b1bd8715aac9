/**
 * Frontend of DynamoDB encryption insight (legacy frontend system; the new system lives at `./alpha`).
 *
 * @packageDocumentation
 */
export { dynamoDbEncryptionPlugin, EntityDynamoDbEncryptionCard } from './plugin';
export { isDynamoDbEncryptionAvailable } from './components/isDynamoDbEncryptionAvailable';
export {
  dynamoDbEncryptionApiRef,
  DynamoDbEncryptionClient,
  type DynamoDbEncryptionApi,
} from './api/DynamoDbEncryptionApi';
