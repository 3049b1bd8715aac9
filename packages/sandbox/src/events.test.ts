import {
  DescribeEventBusCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  fleetEventPatterns,
} from '@dynamodb-encryption/backstage-plugin-common';
import { ChildProcess } from 'node:child_process';
import {
  eventBridgeClient,
  EVENTS_BUS_NAME,
  EVENTS_MAX_RECEIVE_COUNT,
  eventsQueueUrl,
  fleetAccountRegions,
  sqsClient,
} from './events';
import { Fleet, loadFleet } from './fleet';
import { SeedResult, seedFleet } from './seed';
import { DEMO_FLEET_FILE, startSandboxMoto } from './testing/sandboxMoto';

jest.setTimeout(120_000);

/** Every message on the queue now (deleted as read). */
async function drain(
  endpoint: string,
  queueUrl: string,
  expected: number,
  tries = 10,
) {
  const sqs = sqsClient(endpoint);
  const bodies: any[] = [];
  for (let i = 0; i < tries && bodies.length < expected; i++) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    for (const m of res.Messages ?? []) {
      bodies.push(JSON.parse(m.Body!));
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: m.ReceiptHandle,
        }),
      );
    }
  }
  return bodies;
}

describe('the events path the seed creates on the sandbox', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let fleet: Fleet;
  let first: SeedResult;
  let second: SeedResult;

  beforeAll(async () => {
    ({ child: moto, endpoint } = await startSandboxMoto());
    fleet = await loadFleet(DEMO_FLEET_FILE);
    first = await seedFleet(endpoint, fleet);
    second = await seedFleet(endpoint, fleet);
  });
  afterAll(() => moto?.kill());

  it('creates the queue, its dead-letter queue and redrive policy in the main account once', async () => {
    const main = first.organization.managementAccountId;
    expect(first.events.queueUrl).toBe(eventsQueueUrl(endpoint, main));
    expect(first.events.created.queues).toBe(2);
    expect(second.events.created).toEqual({ queues: 0, rules: 0 });
    expect(second.events).toEqual({
      ...first.events,
      created: { queues: 0, rules: 0 },
    });

    const attributes = (
      await sqsClient(endpoint).send(
        new GetQueueAttributesCommand({
          QueueUrl: first.events.queueUrl,
          AttributeNames: ['All'],
        }),
      )
    ).Attributes!;
    expect(attributes.QueueArn).toBe(
      `arn:aws:sqs:us-east-1:${main}:dynamodb-encryption-events`,
    );
    expect(JSON.parse(attributes.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:us-east-1:${main}:dynamodb-encryption-events-dlq`,
      maxReceiveCount: EVENTS_MAX_RECEIVE_COUNT,
    });
    expect(first.events.deadLetterQueueArn).toBe(
      `arn:aws:sqs:us-east-1:${main}:dynamodb-encryption-events-dlq`,
    );
    const [statement] = JSON.parse(attributes.Policy!).Statement;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: attributes.QueueArn,
      Condition: { StringEquals: { 'aws:SourceAccount': main } },
    });
    expect(statement.Condition.ArnEquals['aws:SourceArn']).toEqual(
      Object.keys(fleetEventPatterns()).map(
        key =>
          `arn:aws:events:us-east-1:${main}:rule/${EVENTS_BUS_NAME}/dynamodb-encryption-${key}`,
      ),
    );
  });

  it('lets the organization put events on the central bus, whose rules send to the queue', async () => {
    const events = eventBridgeClient(endpoint);
    const bus = await events.send(
      new DescribeEventBusCommand({ Name: EVENTS_BUS_NAME }),
    );
    expect(bus.Arn).toBe(first.events.busArn);
    const [statement] = JSON.parse(bus.Policy!).Statement;
    expect(statement).toMatchObject({
      Action: 'events:PutEvents',
      Condition: {
        StringEquals: {
          'aws:PrincipalOrgID': first.organization.organizationId,
        },
      },
    });
    for (const key of Object.keys(fleetEventPatterns())) {
      const targets = await events.send(
        new ListTargetsByRuleCommand({
          Rule: `dynamodb-encryption-${key}`,
          EventBusName: EVENTS_BUS_NAME,
        }),
      );
      expect(targets.Targets?.map(t => t.Arn)).toEqual([first.events.queueArn]);
    }
  });

  it('puts one rule per pattern, named by its key, on the default bus of every demo account and region', async () => {
    const patterns = fleetEventPatterns();
    const where = fleetAccountRegions(fleet);
    expect(where).toEqual([
      { accountId: '111111111111', region: 'eu-west-1' },
      { accountId: '111111111111', region: 'us-east-1' },
      { accountId: '222222222222', region: 'eu-west-1' },
      { accountId: '222222222222', region: 'us-east-1' },
    ]);
    expect(first.events.rules).toHaveLength(
      where.length * Object.keys(patterns).length,
    );
    for (const target of where) {
      const events = eventBridgeClient(endpoint, target);
      const rules = (
        await events.send(
          new ListRulesCommand({ NamePrefix: 'dynamodb-encryption-' }),
        )
      ).Rules!;
      expect(
        Object.fromEntries(
          rules.map(r => [r.Name, JSON.parse(r.EventPattern!)]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries(patterns).map(([k, p]) => [
            `dynamodb-encryption-${k}`,
            p,
          ]),
        ),
      );
      for (const rule of rules) {
        const targets = await events.send(
          new ListTargetsByRuleCommand({ Rule: rule.Name }),
        );
        expect(targets.Targets).toEqual([
          expect.objectContaining({
            Arn: first.events.busArn,
            RoleArn: `arn:aws:iam::${target.accountId}:role/dynamodb-encryption-events-forwarder`,
          }),
        ]);
      }
    }
  });

  it("delivers a demo account's event to the main account's queue, from every account and region, with the envelope it started with", async () => {
    const time = new Date(Math.floor(Date.now() / 1000) * 1000);
    for (const target of fleetAccountRegions(fleet)) {
      const detail = {
        eventSource: 'kms.amazonaws.com',
        eventName: 'DisableKey',
        awsRegion: target.region,
        requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
      };
      const put = await eventBridgeClient(endpoint, target).send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'aws.kms',
              DetailType: CLOUDTRAIL_DETAIL_TYPE,
              Detail: JSON.stringify(detail),
              Time: time,
              Resources: ['arn:aws:kms:us-east-1:111111111111:key/x'],
            },
            // Read-only: no rule matches it, so it never reaches the queue.
            {
              Source: 'aws.kms',
              DetailType: CLOUDTRAIL_DETAIL_TYPE,
              Detail: JSON.stringify({ ...detail, eventName: 'DescribeKey' }),
            },
          ],
        }),
      );
      expect(put.FailedEntryCount).toBe(0);
      const [received, ...more] = await drain(
        endpoint,
        first.events.queueUrl,
        1,
      );
      expect(more).toEqual([]);
      expect(received).toEqual({
        version: '0',
        id: put.Entries![0].EventId,
        'detail-type': CLOUDTRAIL_DETAIL_TYPE,
        source: 'aws.kms',
        account: target.accountId,
        time: time.toISOString().replace('.000', ''),
        region: target.region,
        resources: ['arn:aws:kms:us-east-1:111111111111:key/x'],
        detail,
      });
    }
    expect(await drain(endpoint, first.events.queueUrl, 1, 2)).toEqual([]);
  });
});
