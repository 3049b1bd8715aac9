/**
 * Backend for DynamoDB encryption insight.
 *
 * @packageDocumentation
 */
export { dynamoDbEncryptionPlugin as default } from './plugin';
export {
  createAwsClientFactory,
  type AwsClientFactory,
  type AwsTarget,
} from './services/awsClients';
export {
  readTableEncryption,
  type TableRead,
} from './services/tableEncryptionReader';
export {
  createKmsKeyService,
  type KmsKeyService,
} from './services/kmsKeyService';
export {
  createFleetScanner,
  type FleetScanner,
  type FleetTarget,
} from './services/fleetScanner';
export { FleetStore } from './services/fleetStore';
