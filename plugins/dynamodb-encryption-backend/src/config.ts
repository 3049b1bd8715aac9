import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  CostAssumptions,
  CostContext,
  FleetPolicy,
  fleetPolicySchema,
  DEFAULT_COST_ASSUMPTIONS,
  DEFAULT_KMS_PRICING,
  KmsPricing,
  REGION_MESSAGE,
  REGION_PATTERN,
} from '@dynamodb-encryption/backstage-plugin-common';
import { FleetTarget } from './scan/fleetTargets';
import type { EventsConfig } from './events/eventConsumer';
import { parseEntityRef } from '@backstage/catalog-model';

function numbers<T extends object>(
  config: Config | undefined,
  keys: (keyof T)[],
): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) {
    const value = config?.getOptionalNumber(String(key));
    if (value !== undefined)
      (out as Record<string, number>)[String(key)] = value;
  }
  return out;
}

/** Prices and cost-model assumptions from `dynamodbEncryption.pricing` and `dynamodbEncryption.costModel`. */
export function readCostConfig(
  config: Config,
): Pick<CostContext, 'pricing' | 'assumptions'> {
  return {
    pricing: numbers<KmsPricing>(
      config.getOptionalConfig('dynamodbEncryption.pricing'),
      Object.keys(DEFAULT_KMS_PRICING) as (keyof KmsPricing)[],
    ),
    assumptions: numbers<CostAssumptions>(
      config.getOptionalConfig('dynamodbEncryption.costModel'),
      [
        ...(Object.keys(DEFAULT_COST_ASSUMPTIONS) as (keyof CostAssumptions)[]),
        'operationsPerDay',
      ],
    ),
  };
}

/** `dynamodbEncryption.trustedAccounts`: accounts trusted to use keys, each checked to be an account id. */
export function readTrustedAccounts(config: Config): string[] {
  const accounts =
    config.getOptionalStringArray('dynamodbEncryption.trustedAccounts') ?? [];
  accounts.forEach((a, i) => {
    if (!ACCOUNT_ID_PATTERN.test(a))
      throw new InputError(
        `Invalid dynamodbEncryption.trustedAccounts[${i}]: ${ACCOUNT_ID_MESSAGE}`,
      );
  });
  return accounts;
}

/** Cache lifetimes from `dynamodbEncryption.cache` (seconds in config, milliseconds here). */
export function readCacheConfig(config: Config): {
  cacheTtlMs: number;
  staleTtlMs: number;
} {
  const cache = config.getOptionalConfig('dynamodbEncryption.cache');
  return {
    cacheTtlMs: (cache?.getOptionalNumber('ttlSeconds') ?? 300) * 1000,
    staleTtlMs: (cache?.getOptionalNumber('staleTtlSeconds') ?? 86_400) * 1000,
  };
}

/** The abandoned-scan limit when the schedule's timeout cannot be read as a duration. */
const MINUTE_MS = 60_000;

function milliseconds(
  duration: SchedulerServiceTaskScheduleDefinition['timeout'],
): number {
  const value = duration as unknown as { toMillis?: () => number };
  return typeof value.toMillis === 'function'
    ? value.toMillis()
    : durationToMilliseconds(duration as HumanDuration);
}

/**
 * Policies from config, each checked against `fleetPolicySchema` at start-up: a mistake stops the backend
 * with an error naming the policy and the field, instead of failing silently at scan time.
 */
function readPolicies(fleet: Config | undefined): FleetPolicy[] {
  return (fleet?.getOptionalConfigArray('policies') ?? []).map((p, i) => {
    const raw = p.get();
    const parsed = fleetPolicySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const id = p.getOptionalString('id') ?? `#${i + 1}`;
      throw new InputError(
        `Invalid dynamodbEncryption.fleet.policies[${i}] (${id}): ${
          issue.path.join('.') || 'policy'
        } ${issue.message}`,
      );
    }
    return parsed.data;
  });
}

const ROLE_NAME = /^[\w+=,.@/-]{1,64}$/;

/** One `fleet.targets` entry: an account with its regions, or an organization's accounts through a role. */
function readTarget(t: Config, i: number): FleetTarget {
  const where = `dynamodbEncryption.fleet.targets[${i}]`;
  const check = (ok: boolean, field: string, what: string) => {
    if (!ok) throw new InputError(`Invalid ${where}.${field}: ${what}`);
  };
  if (t.has('organization')) {
    const org = t.getConfig('organization');
    const roleName = org.getString('roleName');
    check(
      ROLE_NAME.test(roleName),
      'organization.roleName',
      'not an IAM role name',
    );
    const excludeAccounts = org.getOptionalStringArray('excludeAccounts') ?? [];
    excludeAccounts.forEach((a, j) =>
      check(
        ACCOUNT_ID_PATTERN.test(a),
        `organization.excludeAccounts[${j}]`,
        ACCOUNT_ID_MESSAGE,
      ),
    );
    const regions = org.getStringArray('regions');
    check(regions.length > 0, 'organization.regions', 'at least one region');
    regions.forEach((r, j) =>
      check(
        REGION_PATTERN.test(r),
        `organization.regions[${j}]`,
        REGION_MESSAGE,
      ),
    );
    const duration = org.getOptionalNumber('sessionDurationSeconds');
    check(
      duration === undefined ||
        (Number.isInteger(duration) && duration > 0 && duration <= 43_200),
      'organization.sessionDurationSeconds',
      'whole seconds up to 43200 (AWS accepts 900 and more, up to the role’s maximum)',
    );
    return { organization: { roleName, regions, excludeAccounts } };
  }
  const accountId = t.getString('accountId');
  check(ACCOUNT_ID_PATTERN.test(accountId), 'accountId', ACCOUNT_ID_MESSAGE);
  const regions = t.getStringArray('regions');
  check(regions.length > 0, 'regions', 'at least one region');
  regions.forEach((r, j) =>
    check(REGION_PATTERN.test(r), `regions[${j}]`, REGION_MESSAGE),
  );
  return { accountId, name: t.getOptionalString('name'), regions };
}

/** The fleet scan: what to scan, how often, how hard, which policies apply, how much history to keep. */
export function readFleetConfig(config: Config): {
  targets: FleetTarget[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** A scan still running after this long was abandoned by a stopped replica (the task's timeout + 1 min). */
  abandonedAfterMs: number;
  concurrency: number;
  accountConcurrency: number;
  tagKeys: { owner: string; system: string };
  retainScans: number;
  policies: FleetPolicy[];
} {
  const fleet = config.getOptionalConfig('dynamodbEncryption.fleet');
  const targets = (fleet?.getOptionalConfigArray('targets') ?? []).map(
    readTarget,
  );
  const schedule = fleet?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        fleet.getConfig('schedule'),
      )
    : {
        frequency: { hours: 6 },
        timeout: { minutes: 60 },
        initialDelay: { seconds: 30 },
      };
  return {
    targets,
    schedule,
    abandonedAfterMs: milliseconds(schedule.timeout) + MINUTE_MS,
    concurrency: fleet?.getOptionalNumber('concurrency') ?? 8,
    tagKeys: {
      owner:
        config.getOptionalString('dynamodbEncryption.tags.owner') ?? 'owner',
      system:
        config.getOptionalString('dynamodbEncryption.tags.system') ?? 'system',
    },
    accountConcurrency: fleet?.getOptionalNumber('accountConcurrency') ?? 4,
    retainScans: fleet?.getOptionalNumber('retainScans') ?? 30,
    policies: readPolicies(fleet),
  };
}

/**
 * The events queue from `dynamodbEncryption.events`, undefined when unset; its account and region default to
 * those its URL names. A mistake stops the backend with an error naming the field.
 */
export function readEventsConfig(config: Config): EventsConfig | undefined {
  const events = config.getOptionalConfig('dynamodbEncryption.events');
  if (!events) return undefined;
  const where = 'dynamodbEncryption.events';
  const fail = (field: string, what: string): never => {
    throw new InputError(`Invalid ${where}.${field}: ${what}`);
  };
  const url = events.getString('queueUrl');
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol))
    fail(
      'queueUrl',
      'not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)',
    );
  const [accountInUrl] = parsed!.pathname.split('/').filter(Boolean);
  const regionInUrl = /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(
    parsed!.host,
  )?.[1];
  const accountId = events.getOptionalString('accountId') ?? accountInUrl;
  const region = events.getOptionalString('region') ?? regionInUrl;
  if (!accountId || !ACCOUNT_ID_PATTERN.test(accountId))
    fail(
      'accountId',
      `${ACCOUNT_ID_MESSAGE} (set it when the queue URL does not name it)`,
    );
  if (!region || !REGION_PATTERN.test(region))
    fail(
      'region',
      `${REGION_MESSAGE} (set it when the queue URL does not name it)`,
    );
  const seconds = (key: string, fallback: number, max: number) => {
    const value = events.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < 0 || value > max)
      fail(key, `a whole number from 0 to ${max}`);
    return value;
  };
  return {
    queue: { url, accountId: accountId!, region: region! },
    waitTimeSeconds: seconds('waitTimeSeconds', 20, 20),
    visibilityTimeoutSeconds: seconds('visibilityTimeoutSeconds', 120, 43_200),
    batchWindowMs: seconds('batchWindowMs', 10_000, 60_000),
  };
}

/** Notifications from `dynamodbEncryption.notifications`: on unless disabled, with the extra recipients. */
export function readNotificationsConfig(config: Config): {
  enabled: boolean;
  recipients: string[];
} {
  const n = config.getOptionalConfig('dynamodbEncryption.notifications');
  const recipients = n?.getOptionalStringArray('recipients') ?? [];
  recipients.forEach((r, i) => {
    try {
      parseEntityRef(r);
    } catch {
      throw new InputError(
        `Invalid dynamodbEncryption.notifications.recipients[${i}]: not an entity ref such as group:default/platform-team`,
      );
    }
  });
  return { enabled: n?.getOptionalBoolean('enabled') ?? true, recipients };
}
