import {
  CreateEventBusCommand,
  DescribeEventBusCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueAttributeName,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { fleetEventPatterns } from '@dynamodb-encryption/backstage-plugin-common';
import { sandboxClients, sandboxMainCredentials } from './clients';
import { busPolicy, queuePolicy } from './eventPolicies';
import { Fleet } from './fleet';

/** The portal's queue, in the sandbox's main account and {@link EVENTS_REGION}. */
export const EVENTS_QUEUE_NAME = 'dynamodb-encryption-events';
/** Where the queue moves a message received {@link EVENTS_MAX_RECEIVE_COUNT} times without being deleted. */
export const EVENTS_DLQ_NAME = 'dynamodb-encryption-events-dlq';
export const EVENTS_MAX_RECEIVE_COUNT = 5;
/** The central event bus in the main account that every account's rules forward to. */
export const EVENTS_BUS_NAME = 'dynamodb-encryption-events';
export const EVENTS_REGION = 'us-east-1';
/** Each rule is named `dynamodb-encryption-<key of fleetEventPatterns()>`. */
export const EVENTS_RULE_PREFIX = 'dynamodb-encryption-';
/** The role each account's rules send to the central bus with (moto checks none; AWS needs it). */
export const EVENTS_FORWARDER_ROLE = 'dynamodb-encryption-events-forwarder';

/** What seeding the events path produced. */
export interface SeededEvents {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
  busArn: string;
  /** The forwarding rules, one per pattern in each demo account and region. */
  rules: Array<{ accountId: string; region: string; arn: string }>;
  /** Queues and rules created this time (0 when they were already there). */
  created: { queues: number; rules: number };
}

type Target = { accountId: string; region: string };

/** An SDK client config for the main account (its static credentials), or for a demo account's role. */
function clientConfig(endpoint: string, target?: Target) {
  if (!target) {
    return {
      endpoint,
      region: EVENTS_REGION,
      credentials: sandboxMainCredentials(endpoint),
    };
  }
  const factory = sandboxClients(endpoint);
  return {
    endpoint,
    region: target.region,
    credentials: () => factory.credentials(target),
  };
}

/** EventBridge in the main account ({@link EVENTS_REGION}), or in a demo account and region. */
export const eventBridgeClient = (endpoint: string, target?: Target) =>
  new EventBridgeClient(clientConfig(endpoint, target));

/** SQS in the main account ({@link EVENTS_REGION}), where the portal's queue is. */
export const sqsClient = (endpoint: string) =>
  new SQSClient(clientConfig(endpoint));

/** The queue's URL as moto answers it: `<endpoint>/<account>/<name>` (it names no region). */
export const eventsQueueUrl = (endpoint: string, accountId: string) =>
  `${endpoint}/${accountId}/${EVENTS_QUEUE_NAME}`;

const busArnOf = (accountId: string) =>
  `arn:aws:events:${EVENTS_REGION}:${accountId}:event-bus/${EVENTS_BUS_NAME}`;

async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: Partial<Record<QueueAttributeName, string>>,
) {
  const existing = await sqs
    .send(new GetQueueUrlCommand({ QueueName: name }))
    .catch(e => {
      if (!/QueueDoesNotExist|NonExistentQueue/.test((e as Error).name))
        throw e;
      return undefined;
    });
  let url = existing?.QueueUrl;
  if (url) {
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }),
    );
  } else {
    url = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
      )
    ).QueueUrl!;
  }
  const arn = (
    await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['QueueArn'],
      }),
    )
  ).Attributes!.QueueArn!;
  return { url, arn, created: !existing };
}

/** One rule per pattern on `bus`, each sending to `target`; returns the rules' ARNs and how many are new. */
async function ensureRules(
  events: EventBridgeClient,
  bus: string,
  target: { Id: string; Arn: string; RoleArn?: string },
) {
  const before = await events.send(
    new ListRulesCommand({ EventBusName: bus, NamePrefix: EVENTS_RULE_PREFIX }),
  );
  const existing = new Set((before.Rules ?? []).map(r => r.Name));
  const arns: string[] = [];
  let created = 0;
  for (const [key, pattern] of Object.entries(fleetEventPatterns())) {
    const name = `${EVENTS_RULE_PREFIX}${key}`;
    if (!existing.has(name)) created++;
    const rule = await events.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: bus,
        EventPattern: JSON.stringify(pattern),
        State: 'ENABLED',
        Description: `Forwards the events the DynamoDB encryption portal re-assesses tables on (${key})`,
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: name,
        EventBusName: bus,
        Targets: [target],
      }),
    );
    arns.push(rule.RuleArn!);
  }
  return { arns, created };
}

/** The accounts and regions the demo fleet uses: every account in every region any key or table is in. */
export function fleetAccountRegions(fleet: Fleet): Target[] {
  const regions = [
    ...new Set([...fleet.keys, ...fleet.tables].map(r => r.region)),
  ].sort();
  return fleet.accounts.flatMap(a =>
    regions.map(region => ({ accountId: a.id, region })),
  );
}

/**
 * The path AWS events take to the portal, as docs/events.md sets it up for an organization: in each demo
 * account and region, one rule per `fleetEventPatterns()` entry on the default bus forwarding to a central
 * bus in the main account (its policy lets the organization's accounts put events), whose rules send to the
 * portal's queue (its policy lets only those rules send; a dead-letter queue after
 * {@link EVENTS_MAX_RECEIVE_COUNT} receives). moto cannot deliver from a rule to a queue of another account
 * or region; a bus can (docs/sandbox.md). Running it again changes nothing.
 */
export async function seedEvents(
  endpoint: string,
  fleet: Fleet,
  organization: { managementAccountId: string; organizationId: string },
): Promise<SeededEvents> {
  const main = organization.managementAccountId;
  const sqs = sqsClient(endpoint);
  const events = eventBridgeClient(endpoint);
  const created = { queues: 0, rules: 0 };

  const dlq = await ensureQueue(sqs, EVENTS_DLQ_NAME, {
    // Kept as long as SQS allows, for someone to look at why they failed.
    MessageRetentionPeriod: String(14 * 24 * 3600),
  });
  const busArn = busArnOf(main);
  const busExists = await events
    .send(new DescribeEventBusCommand({ Name: EVENTS_BUS_NAME }))
    .then(
      () => true,
      () => false,
    );
  if (!busExists)
    await events.send(new CreateEventBusCommand({ Name: EVENTS_BUS_NAME }));
  await events.send(
    new PutPermissionCommand({
      EventBusName: EVENTS_BUS_NAME,
      Policy: JSON.stringify(busPolicy(busArn, organization.organizationId)),
    }),
  );
  const queueArn = `arn:aws:sqs:${EVENTS_REGION}:${main}:${EVENTS_QUEUE_NAME}`;
  const central = await ensureRules(events, EVENTS_BUS_NAME, {
    Id: 'portal-queue',
    Arn: queueArn,
  });
  const queue = await ensureQueue(sqs, EVENTS_QUEUE_NAME, {
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: EVENTS_MAX_RECEIVE_COUNT,
    }),
    Policy: JSON.stringify(queuePolicy(queueArn, main, central.arns)),
  });
  created.queues = Number(dlq.created) + Number(queue.created);
  created.rules = central.created;

  const rules: SeededEvents['rules'] = [];
  for (const target of fleetAccountRegions(fleet)) {
    const forwarded = await ensureRules(
      eventBridgeClient(endpoint, target),
      'default',
      {
        Id: 'central-bus',
        Arn: busArn,
        RoleArn: `arn:aws:iam::${target.accountId}:role/${EVENTS_FORWARDER_ROLE}`,
      },
    );
    created.rules += forwarded.created;
    rules.push(...forwarded.arns.map(arn => ({ ...target, arn })));
  }
  return {
    queueUrl: queue.url,
    queueArn: queue.arn,
    deadLetterQueueUrl: dlq.url,
    deadLetterQueueArn: dlq.arn,
    busArn,
    rules,
    created,
  };
}
