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
