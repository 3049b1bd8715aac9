/**
 * Tech Insights facts about DynamoDB table encryption, from the DynamoDB encryption plugin's fleet scan.
 *
 * @packageDocumentation
 */
export { techInsightsModuleDynamoDbEncryption as default } from './module';
export { createDynamoDbEncryptionFactRetriever } from './factRetriever';
