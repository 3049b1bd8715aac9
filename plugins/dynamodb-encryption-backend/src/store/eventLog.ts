import type {
  AccountErrorCause,
  FleetEventsStatus,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import { EVENT_QUEUE, EVENTS } from './fleetRows';

/** One message received from the events queue, as the dashboard counts it. */
export interface EventLogEntry {
  messageId: string;
  /** `deleted`: a table the event found deleted (kept so an older scan does not bring it back). */
  outcome: 'applied' | 'ignored' | 'deleted';
  name?: string;
  eventTime?: string;
  accountId?: string;
  region?: string;
  /** Why it was ignored. */
  reason?: string;
  /** A table the event found deleted, and when AWS said so. */
  deleted?: { arn: string; readAt: string };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The events received (kept a day) and the queue's state, shared by every replica through the database: the
 * dashboard's freshness, and the tables events found deleted.
 */
export class EventLog {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async record(entries: EventLogEntry[]) {
    if (!entries.length) return;
    const receivedAt = new Date(this.now());
    await this.knex.batchInsert(
      EVENTS,
      entries.map(e => ({
        message_id: e.messageId,
        received_at: receivedAt,
        outcome: e.outcome,
        name: e.name?.slice(0, 255) ?? null,
        event_time: e.eventTime ? new Date(e.eventTime) : null,
        account_id: e.accountId ?? null,
        region: e.region?.slice(0, 255) ?? null,
        reason: e.reason ?? null,
        deleted_arn: e.deleted?.arn ?? null,
        read_at: e.deleted ? new Date(e.deleted.readAt) : null,
      })),
      50,
    );
    await this.knex(EVENTS)
      .where('received_at', '<', new Date(this.now() - DAY_MS))
      .delete();
  }

  /** The queue's last receive: failed with `error`, or answered (undefined). */
  async queueChecked(
    queueUrl: string,
    error?: { message: string; cause: AccountErrorCause },
  ) {
    const checkedAt = new Date(this.now());
    const before = await this.knex(EVENT_QUEUE)
      .where({ queue_url: queueUrl })
      .first();
    const since =
      error && before?.error
        ? JSON.parse(before.error).since
        : checkedAt.toISOString();
    const record = {
      queue_url: queueUrl,
      checked_at: checkedAt,
      error: error ? JSON.stringify({ ...error, since }) : null,
    };
    await this.knex(EVENT_QUEUE).insert(record).onConflict('queue_url').merge();
  }

  async status(queue: FleetEventsStatus['queue']): Promise<FleetEventsStatus> {
    const hourAgo = new Date(this.now() - HOUR_MS);
    const [counts, last, lastApplied, state] = await Promise.all([
      this.knex(EVENTS)
        .where('received_at', '>=', hourAgo)
        .groupBy('outcome')
        .select('outcome')
        .count({ n: '*' }) as Promise<{ outcome: string; n: unknown }[]>,
      this.knex(EVENTS).max({ at: 'received_at' }).first(),
      this.knex(EVENTS)
        .where({ outcome: 'applied' })
        .max({ at: 'received_at' })
        .first(),
      this.knex(EVENT_QUEUE).where({ queue_url: queue.url }).first(),
    ]);
    const n = (outcome: string) =>
      Number(counts.find(c => c.outcome === outcome)?.n ?? 0);
    const iso = (t: unknown) =>
      t ? new Date(t as string).toISOString() : undefined;
    return {
      queue,
      lastReceivedAt: iso(last?.at),
      lastAppliedAt: iso(lastApplied?.at),
      lastHour: {
        received: n('applied') + n('ignored'),
        applied: n('applied'),
        ignored: n('ignored'),
      },
      ...(state?.error ? { error: JSON.parse(state.error) } : {}),
    };
  }
}
