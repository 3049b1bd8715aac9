/**
 * Node library for DynamoDB encryption: AWS clients, table and key readers, the KMS key service and the
 * table assessment, each behind a service ref. Shared by the backend plugin, the scaffolder module and the
 * sandbox.
 *
 * @packageDocumentation
 */
export * from './services';
export {
  createAwsClientFactory,
  type AwsClientFactory,
  type AwsTarget,
} from './awsClients';
export { isAccessDenied, isNotFound, mapAwsError } from './awsErrors';
export {
  keyTarget,
  readKey,
  readTableEncryption,
  type KeyObservation,
  readTableTags,
  refusalRecorder,
} from './tableReader';
export {
  createKmsKeyService,
  listAllAliases,
  type KmsKeyService,
} from './kmsKeyService';
export {
  createTableAssessmentService,
  type TableAssessmentService,
} from './assessmentService';
