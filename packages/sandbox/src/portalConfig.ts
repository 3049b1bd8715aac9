import type { JsonObject } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { eventsQueueUrl } from './events';

/**
 * The portal's sandbox configuration as `./scripts/start.sh` runs it (`app-config.sandbox.yaml`: its `aws`
 * credentials and its `dynamodbEncryption.fleet`, an organization target), pointed at a test's sandbox
 * `endpoint`, with the scheduled scan moved out of the test's way so the test scans when it says so.
 * `extra` adds other plugins' configuration. With `events`, the portal also reads the queue the seed creates
 * at that endpoint and notifies the sandbox's recipients (`dynamodbEncryption.events` and `.notifications`);
 * without it the portal scans only, so tests that share one sandbox never take each other's events. For
 * tests that start the backend on the demo fleet.
 */
export function sandboxPortalConfig(
  appConfigPath: string,
  endpoint: string,
  extra: JsonObject = {},
  options: { events?: boolean } = {},
): JsonObject {
  const sandbox = parse(readFileSync(appConfigPath, 'utf8'));
  const product = (extra.dynamodbEncryption ?? {}) as JsonObject;
  const events = sandbox.dynamodbEncryption.events;
  return {
    ...extra,
    aws: sandbox.aws,
    dynamodbEncryption: {
      ...product,
      awsEndpoint: endpoint,
      fleet: {
        ...sandbox.dynamodbEncryption.fleet,
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          initialDelay: { hours: 1 },
        },
      },
      ...(options.events
        ? {
            events: {
              ...events,
              queueUrl: eventsQueueUrl(endpoint, events.accountId),
            },
            notifications: sandbox.dynamodbEncryption.notifications,
          }
        : {}),
    },
  };
}
