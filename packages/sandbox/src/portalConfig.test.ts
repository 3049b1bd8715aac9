import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { eventsQueueUrl, EVENTS_REGION } from './events';
import { sandboxPortalConfig } from './portalConfig';

const APP_CONFIG = resolve(__dirname, '../../../app-config.sandbox.yaml');
const sandbox = parse(readFileSync(APP_CONFIG, 'utf8'));

describe('the sandbox portal config', () => {
  it('points the portal at the queue the seed creates, in the main account and region', () => {
    const events = sandbox.dynamodbEncryption.events;
    expect(events.queueUrl.replace('${SANDBOX_PORT:-4566}', '4566')).toBe(
      eventsQueueUrl('http://127.0.0.1:4566', '123456789012'),
    );
    // moto's URL names no region: the config must.
    expect(events).toMatchObject({
      region: EVENTS_REGION,
      accountId: '123456789012',
    });
  });

  it('notifies the platform team, which the sandbox guest belongs to', () => {
    const recipients: string[] =
      sandbox.dynamodbEncryption.notifications.recipients;
    expect(recipients).toEqual(['group:default/platform-team']);
    expect(sandbox.auth.providers.guest.ownershipEntityRefs).toEqual(
      expect.arrayContaining(recipients),
    );
  });

  it("gives a test's backend the queue at its own sandbox only when asked", () => {
    const endpoint = 'http://127.0.0.1:45999';
    const scansOnly = sandboxPortalConfig(APP_CONFIG, endpoint) as any;
    expect(scansOnly.dynamodbEncryption.events).toBeUndefined();
    const withEvents = sandboxPortalConfig(
      APP_CONFIG,
      endpoint,
      {},
      { events: true },
    ) as any;
    expect(withEvents.dynamodbEncryption).toMatchObject({
      awsEndpoint: endpoint,
      events: {
        queueUrl: `${endpoint}/123456789012/dynamodb-encryption-events`,
        region: 'us-east-1',
        accountId: '123456789012',
      },
      notifications: { recipients: ['group:default/platform-team'] },
    });
  });
});
