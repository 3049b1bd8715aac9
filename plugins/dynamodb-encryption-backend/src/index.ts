/**
 * Backend for DynamoDB encryption insight.
 *
 * @packageDocumentation
 */
export { dynamoDbEncryptionPlugin as default } from './plugin';
export {
  createDynamoDbFleetTableConditionalDecision,
  dynamoDbFleetTableConditions,
  fleetTablePermissionResourceRef,
  fleetTablePermissionRules,
} from './permissions/fleetTableRules';
export type { FleetTableFilter } from './permissions/fleetTableRules';
export { DynamoDbEncryptionSamplePolicy } from './permissions/samplePolicy';
export type { DynamoDbEncryptionSamplePolicyOptions } from './permissions/samplePolicy';
