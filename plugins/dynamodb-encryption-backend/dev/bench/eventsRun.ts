/* eslint-disable @backstage/no-undeclared-imports -- benchmark code, run from the source tree with dev dependencies */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Config } from '@backstage/config';
import { createAwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import { loadavg } from 'node:os';
import pLimit from 'p-limit';
import { createEventApplier } from '../../src/events/eventApplier';
import { createEventConsumer } from '../../src/events/eventConsumer';
import { createFindingNotifier } from '../../src/events/findingNotifier';
import { createFleetChangeEffects } from '../../src/events/fleetChangeEffects';
import type { FleetStore } from '../../src/store/fleetStore';
import { machineCpuSeconds, profileApplier } from './eventsMeasure';
import { memorySampler, processCpuSeconds, quiet } from './measure';

/** The load average now (1, 5 and 15 minutes). */
export const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

/**
 * Creates the events queue in `queueAt`, starts the product's consumer on it (as the plugin wires it: the
 * applier, the effects after each batch with notifications on, the default long poll and batch window), sends
 * `bodies` as EventBridge would (one SendMessage each, 8 at a time) and waits until every one is applied.
 * The applier's clients are new, so its credentials are as cold as hours after a scan. Counts the applier's
 * AWS reads and the consumer's SQS requests apart (each through its own client factory), and samples memory.
 */
export async function runBurst(input: {
  store: FleetStore;
  production: Config;
  sender: SQSClient;
  queueAt: { accountId: string; region: string };
  bodies: string[];
  concurrency: number;
  /** The consumer's batch window: 2 s unless asked (the product's default is 10 s). */
  batchWindowMs: number;
  /** The sandbox's process, whose CPU is counted apart. */
  motoPid: number;
}) {
  const { store, sender, bodies } = input;
  const { QueueUrl } = await sender.send(
    new CreateQueueCommand({ QueueName: 'dynamodb-encryption-events' }),
  );
  const eventClients = createAwsClientFactory(input.production);
  const queueClients = createAwsClientFactory(input.production);
  const applier = createEventApplier({
    clients: eventClients,
    store,
    catalog: { getEntities: async () => ({ items: [] }) } as any,
    auth: { getOwnServiceCredentials: async () => ({}) } as any,
    logger: quiet,
    policies: [],
    concurrency: input.concurrency,
  });
  const profile = profileApplier(applier, store);
  let notifications = 0;
  const effects = createFleetChangeEffects({
    store,
    logger: quiet,
    reports: { forgetTables: async () => undefined },
    notifier: createFindingNotifier({
      logger: quiet,
      enabled: true,
      recipients: ['group:default/platform-team'],
      notifications: { send: async () => void notifications++ } as any,
    }),
  });
  let applied = 0;
  let lastAppliedAt = 0;
  let effectsMs = 0;
  let allApplied = () => {};
  const done = new Promise<void>(r => (allApplied = r));
  const consumer = createEventConsumer({
    clients: queueClients,
    store,
    applier,
    logger: quiet,
    config: {
      queue: { url: QueueUrl!, ...input.queueAt },
      waitTimeSeconds: 20,
      visibilityTimeoutSeconds: 120,
      batchWindowMs: input.batchWindowMs,
    },
    // As the plugin wires it: the accounts and regions the latest scan covered.
    reads: async (accountId, region) =>
      ((await store.coveredAccounts()) ?? []).some(
        a => a.accountId === accountId && a.regions.includes(region),
      ),
    onApplied: async (result, changes) => {
      lastAppliedAt = Date.now();
      applied += changes.length;
      const s = performance.now();
      await effects.afterEvents(result, changes);
      effectsMs += performance.now() - s;
      if (applied >= bodies.length) allApplied();
    },
  });
  // One SendMessage per event, several in flight, as EventBridge delivers to a queue target.
  const send = async () => {
    const sends = pLimit(8);
    await Promise.all(
      bodies.map(MessageBody =>
        sends(() =>
          sender.send(new SendMessageCommand({ QueueUrl, MessageBody })),
        ),
      ),
    );
  };
  // A batch that fails is retried after the visibility timeout; ten minutes is a hang.
  const hang = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`${applied} events applied in 10 minutes`)),
      600_000,
    ).unref(),
  );

  const memory = memorySampler();
  global.gc?.();
  const memoryStart = process.memoryUsage();
  memory.reset();
  const loadStart = load();
  const cpuStart = {
    machine: machineCpuSeconds(),
    moto: processCpuSeconds(input.motoPid),
    self: process.cpuUsage(),
  };
  let sentAt = 0;
  let sendMs = 0;
  const { result: sqsRequests, requests: reads } =
    await eventClients.countRequestsOf(async () => {
      const consumed = await queueClients.countRequestsOf(async () => {
        consumer.start();
        sentAt = Date.now();
        await send();
        sendMs = Date.now() - sentAt;
        await Promise.race([done, hang]);
        await consumer.stop();
      });
      return consumed.requests;
    });
  const loadEnd = load();
  const self = process.cpuUsage(cpuStart.self);
  const selfCpu = (self.user + self.system) / 1e6;
  const motoCpu = processCpuSeconds(input.motoPid) - cpuStart.moto;
  const cpu = {
    self: selfCpu,
    moto: motoCpu,
    // Clock ticks are 10 ms apart: a quiet machine may come out a tick below zero.
    others: Math.max(
      0,
      machineCpuSeconds() - cpuStart.machine - selfCpu - motoCpu,
    ),
  };
  memory.stop();
  const memoryEnd = process.memoryUsage();
  global.gc?.();
  const depth = await sender.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ],
    }),
  );
  return {
    queueUrl: QueueUrl!,
    ms: lastAppliedAt - sentAt,
    sendMs,
    reads,
    sqsRequests,
    profile,
    effectsMs,
    notifications,
    load: { start: loadStart, end: loadEnd },
    cpu,
    memory: {
      start: memoryStart,
      peak: { ...memory.peak },
      end: memoryEnd,
      endLive: process.memoryUsage(),
    },
    left:
      Number(depth.Attributes?.ApproximateNumberOfMessages) +
      Number(depth.Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
}
