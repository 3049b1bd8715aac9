import type { JsonObject } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The portal's sandbox configuration as `./scripts/start.sh` runs it (`app-config.sandbox.yaml`: its `aws`
 * credentials and its `dynamodbEncryption.fleet`, an organization target), pointed at a test's sandbox
 * `endpoint`, with the scheduled scan moved out of the test's way so the test scans when it says so.
 * `extra` adds other plugins' configuration. For tests that start the backend on the demo fleet.
 */
export function sandboxPortalConfig(
  appConfigPath: string,
  endpoint: string,
  extra: JsonObject = {},
): JsonObject {
  const sandbox = parse(readFileSync(appConfigPath, 'utf8'));
  const product = (extra.dynamodbEncryption ?? {}) as JsonObject;
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
    },
  };
}
