import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeleteMessageBatchCommand,
  Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  accountErrorCause,
  FleetChange,
  parseFleetEvent,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import { describeError } from '../scan/scanErrors';
import type { EventLogEntry } from '../store/eventLog';
import type { FleetStore } from '../store/fleetStore';
import type { AppliedChanges, EventApplier } from './eventApplier';

/** The events queue and how it is read (`dynamodbEncryption.events`). */
export interface EventsConfig {
  queue: { url: string; accountId: string; region: string };
  waitTimeSeconds: number;
  visibilityTimeoutSeconds: number;
  batchWindowMs: number;
}

/** Messages applied together at most: a burst larger than this is applied in several batches. */
const MAX_BATCH = 500;

/**
 * Consumes the events queue: receives for `batchWindowMs` (long polling), reads each message
 * (`parseFleetEvent`), applies the batch's changes together (a burst for one key or table is one read), and
 * deletes a message only once its rows are stored. A malformed or foreign message, or one for an account the
 * portal does not read, is logged and deleted; a batch whose re-read fails is left on the queue, received
 * again after the visibility timeout and, after the queue's maxReceiveCount, moved to its dead-letter queue.
 * Several replicas may consume one queue: SQS hands each message to one of them, and rows are only replaced
 * by later reads.
 */
export function createEventConsumer(deps: {
  clients: AwsClientFactory;
  store: FleetStore;
  applier: EventApplier;
  logger: LoggerService;
  config: EventsConfig;
  /** Whether the portal reads this account and region (a scanned target). */
  reads(accountId: string, region: string): Promise<boolean>;
  /** Called with what each applied batch changed (notifications, signals, caches). */
  onApplied?(applied: AppliedChanges, changes: FleetChange[]): Promise<void>;
  /** Waits between polls after the queue could not be read (tests). */
  sleep?(ms: number): Promise<void>;
}) {
  const { config, logger, store } = deps;
  const sqs = () =>
    deps.clients.sqs(
      { accountId: config.queue.accountId, region: config.queue.region },
      config.waitTimeSeconds,
    );
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise(r => setTimeout(r, ms)));
  let running = false;
  let stopped: Promise<void> | undefined;
  // Ends a long poll in flight when the consumer stops.
  let abort = new AbortController();

  /** Receives until the batch window closes, the queue is empty, or the batch is full. */
  async function receive(): Promise<Message[]> {
    const client = await sqs();
    const messages: Message[] = [];
    const deadline = Date.now() + config.batchWindowMs;
    let wait = config.waitTimeSeconds;
    while (messages.length < MAX_BATCH) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: config.queue.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: wait,
          VisibilityTimeout: config.visibilityTimeoutSeconds,
        }),
        { abortSignal: abort.signal },
      );
      messages.push(...Messages);
      // An empty answer: the queue has nothing more now. Past the window: apply what there is.
      if (!Messages.length || Date.now() >= deadline) break;
      // Within the window, short waits only: what arrives in it joins the batch.
      wait = Math.min(1, config.waitTimeSeconds);
    }
    return messages;
  }

  async function remove(messages: Message[]) {
    const client = await sqs();
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages.slice(i, i + 10).map((m, j) => ({
        Id: String(j),
        ReceiptHandle: m.ReceiptHandle!,
      }));
      const { Failed = [] } = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: config.queue.url,
          Entries: entries,
        }),
      );
      for (const f of Failed)
        logger.warn('Could not delete an applied event message', {
          queue: config.queue.url,
          error: f.Message,
        });
    }
  }

  /** One batch: received, read, applied, recorded, deleted. Returns how many messages it handled. */
  async function pollOnce(): Promise<number> {
    let messages: Message[];
    try {
      messages = await receive();
      await store.eventLog.queueChecked(config.queue.url);
    } catch (e) {
      const message = describeError(e);
      logger.error('Could not read the DynamoDB encryption events queue', {
        queue: config.queue.url,
        error: message,
      });
      await store.eventLog
        .queueChecked(config.queue.url, {
          message,
          cause: accountErrorCause(e as Error),
        })
        .catch(() => undefined);
      throw e;
    }
    if (!messages.length) return 0;
    const ignored: EventLogEntry[] = [];
    const ignoredMessages: Message[] = [];
    const accepted: { message: Message; change: FleetChange }[] = [];
    // Whether the portal reads an account and region, asked once per batch for each.
    const known = new Map<string, Promise<boolean>>();
    const reads = (accountId: string, region: string) => {
      const key = `${accountId} ${region}`;
      if (!known.has(key)) known.set(key, deps.reads(accountId, region));
      return known.get(key)!;
    };
    for (const message of messages) {
      const parsed = parseFleetEvent(message.Body ?? '');
      let reason = parsed.ok ? undefined : parsed.reason;
      if (
        parsed.ok &&
        !(await reads(parsed.change.accountId, parsed.change.region))
      )
        reason = `account ${parsed.change.accountId} region ${parsed.change.region} is not read by the portal`;
      if (parsed.ok && !reason) {
        accepted.push({ message, change: parsed.change });
        continue;
      }
      const meta = parsed.ok ? parsed.change : parsed.meta;
      logger.warn('Ignored a DynamoDB encryption event', {
        messageId: message.MessageId,
        reason,
        ...(meta?.name ? { event: meta.name } : {}),
      });
      ignoredMessages.push(message);
      ignored.push({
        messageId: message.MessageId ?? '',
        outcome: 'ignored',
        reason,
        name: meta?.name,
        eventTime: meta?.time,
        accountId: meta?.accountId,
        region: meta?.region,
      });
    }
    const changes = accepted.map(a => a.change);
    // Stored first; deleted after: a failure here leaves the messages for another try.
    const applied = await deps.applier.apply(changes);
    await store.eventLog.record([
      ...ignored,
      ...accepted.map(({ message, change }) => ({
        messageId: message.MessageId ?? '',
        outcome: 'applied' as const,
        name: change.name,
        eventTime: change.time,
        accountId: change.accountId,
        region: change.region,
      })),
      ...applied.deleted.map(d => ({
        messageId: '',
        outcome: 'deleted' as const,
        name: 'table deleted',
        deleted: d,
      })),
    ]);
    if (changes.length) {
      logger.info('Applied DynamoDB encryption events', {
        events: changes.length,
        tables: applied.tables,
        stored: applied.stored.length,
        removed: applied.removed.length,
      });
      await deps
        .onApplied?.(applied, changes)
        .catch(e =>
          logger.warn('After applying events', { error: describeError(e) }),
        );
    }
    await remove([...ignoredMessages, ...accepted.map(a => a.message)]);
    return messages.length;
  }

  return {
    pollOnce,
    /** Polls until `stop`; an unreadable queue or a failed batch is retried after `retryMs`. */
    start(retryMs = 30_000) {
      if (running) return;
      running = true;
      abort = new AbortController();
      stopped = (async () => {
        while (running) {
          try {
            await pollOnce();
          } catch (e) {
            if (!running) break;
            logger.warn('DynamoDB encryption events: retrying', {
              error: describeError(e),
              retryInSeconds: retryMs / 1000,
            });
            if (running) await sleep(retryMs);
          }
        }
      })();
    },
    async stop() {
      running = false;
      abort.abort();
      await stopped;
    },
  };
}

/** @public */
export type EventConsumer = ReturnType<typeof createEventConsumer>;
