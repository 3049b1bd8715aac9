/**
 * Backend for DynamoDB encryption insight.
 *
 * @packageDocumentation
 */
export { dynamoDbEncryptionPlugin as default } from './plugin';
