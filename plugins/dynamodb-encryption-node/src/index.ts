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
  type AwsClientFactoryOptions,
  type AwsTarget,
} from './awsClients';
export {
  EVENT_QUEUE_ACTIONS,
  MAIN_ACCOUNT_ACTIONS,
  TARGET_ACCOUNT_ACTIONS,
} from './iamActions';
export {
  listActiveOrganizationAccounts,
  type OrganizationAccount,
} from './organization';
export { sandboxAwsConfig, SANDBOX_ROLE_NAME } from './sandbox';
export { isAccessDenied, isNotFound } from './awsErrors';
export {
  keyTarget,
  readKey,
  readTableEncryption,
  type KeyObservation,
  readTableTags,
} from './tableReader';
export { readTableForAdoption } from './adoptionReader';
export { readRegion, type StagedTable } from './regionReader';
export { readTables, type TableRead } from './tableSetReader';
export { createKmsKeyService, type KmsKeyService } from './kmsKeyService';
export {
  createTableAssessmentService,
  type TableAssessmentService,
} from './assessmentService';
export {
  createDynamoDbEncryptionClient,
  type DynamoDbEncryptionClient,
} from './pluginApiClient';
export {
  planKeyChange,
  type KeyChangeEntity,
  type KeyChangePlan,
} from './keyChange';
