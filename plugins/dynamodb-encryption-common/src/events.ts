import type { AccountErrorCause } from './accountErrors';

/**
 * How fresh the fleet is from AWS events: the dashboard's freshness line. Scans go on whatever this says.
 *
 * @public
 */
export interface FleetEventsStatus {
  /** The queue the portal reads (`dynamodbEncryption.events`). */
  queue: { url: string; accountId?: string; region: string };
  /** When the last message was received from the queue, whatever became of it. */
  lastReceivedAt?: string;
  /** When the last event changed the fleet's rows (re-read tables stored). */
  lastAppliedAt?: string;
  /** Events of the last hour: received, applied (rows re-read and stored), ignored (logged and removed). */
  lastHour: { received: number; applied: number; ignored: number };
  /** Set while the queue cannot be read: the AWS error as it came, its cause, and since when. */
  error?: { message: string; cause: AccountErrorCause; since: string };
}

/**
 * The signal the backend publishes on `FLEET_SIGNAL_CHANNEL` when the fleet's rows change, so open dashboards
 * and entity pages read again. It names no table: a reader refetches what its permissions allow.
 *
 * @public
 */
export interface FleetSignal {
  /** `event`: rows re-read after AWS events; `scan`: a scan finished. */
  source: 'event' | 'scan';
  /** When the rows were stored. */
  at: string;
  /** How many rows changed (an event's re-read tables, or the scan's). */
  tables: number;
}

/**
 * The signals channel of fleet changes (`@backstage/plugin-signals`).
 *
 * @public
 */
export const FLEET_SIGNAL_CHANNEL = 'dynamodb-encryption:fleet';

/**
 * The notification topic of a table's encryption findings (`@backstage/plugin-notifications`).
 *
 * @public
 */
export const FINDING_NOTIFICATION_TOPIC = 'dynamodb-encryption';

/**
 * CloudTrail management events of KMS that can change what protects a table: the key's state, material,
 * policy, grants, rotation or aliases.
 *
 * @public
 */
export const KMS_EVENT_NAMES = [
  'DisableKey',
  'EnableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
  'PutKeyPolicy',
  'EnableKeyRotation',
  'DisableKeyRotation',
  'CreateAlias',
  'UpdateAlias',
  'DeleteAlias',
  'ImportKeyMaterial',
  'DeleteImportedKeyMaterial',
  'DisconnectCustomKeyStore',
  'CreateGrant',
  'RevokeGrant',
  'RetireGrant',
] as const;

/**
 * CloudTrail management events of DynamoDB that create, change, delete or re-tag a table.
 *
 * @public
 */
export const DYNAMODB_EVENT_NAMES = [
  'CreateTable',
  'UpdateTable',
  'DeleteTable',
  'RestoreTableFromBackup',
  'RestoreTableToPointInTime',
  'ImportTable',
  'TagResource',
  'UntagResource',
] as const;

/**
 * KMS's own EventBridge events (source `aws.kms`), not CloudTrail's.
 *
 * @public
 */
export const KMS_SERVICE_EVENT_TYPES = [
  'KMS Key Deletion',
  'KMS CMK Rotation',
  'KMS Imported Key Material Expiration',
] as const;

/** The detail-type of CloudTrail management events on EventBridge. @public */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * The EventBridge event patterns of the rules that forward, in each account and region, the events the portal
 * re-assesses tables on: one rule per pattern (docs/events.md), named by its key.
 *
 * @public
 */
export function fleetEventPatterns(): Record<string, object> {
  return {
    'kms-api-calls': {
      source: ['aws.kms'],
      'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
      detail: {
        eventSource: ['kms.amazonaws.com'],
        eventName: [...KMS_EVENT_NAMES],
      },
    },
    'dynamodb-api-calls': {
      source: ['aws.dynamodb'],
      'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
      detail: {
        eventSource: ['dynamodb.amazonaws.com'],
        eventName: [...DYNAMODB_EVENT_NAMES],
      },
    },
    'kms-key-events': {
      source: ['aws.kms'],
      'detail-type': [...KMS_SERVICE_EVENT_TYPES],
    },
  };
}

/**
 * The IAM actions the portal calls on the events queue (`dynamodbEncryption.events`), with the credentials of
 * the queue's account: receiving, and deleting what it applied or refused. A queue encrypted with a customer
 * managed key also needs `kms:Decrypt` on that key.
 *
 * @public
 */
export const EVENT_QUEUE_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
] as const;
