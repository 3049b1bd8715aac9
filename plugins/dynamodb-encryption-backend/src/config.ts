import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  CostAssumptions,
  CostContext,
  FleetPolicy,
  DEFAULT_COST_ASSUMPTIONS,
  DEFAULT_KMS_PRICING,
  KmsPricing,
} from '@internal/plugin-dynamodb-encryption-common';

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

/** The fleet scan: what to scan, how often, how hard, which policies apply, how much history to keep. */
export function readFleetConfig(config: Config): {
  targets: { accountId: string; name?: string; regions: string[] }[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  concurrency: number;
  retainScans: number;
  policies: FleetPolicy[];
} {
  const fleet = config.getOptionalConfig('dynamodbEncryption.fleet');
  const targets = (fleet?.getOptionalConfigArray('targets') ?? []).map(t => ({
    accountId: t.getString('accountId'),
    name: t.getOptionalString('name'),
    regions: t.getStringArray('regions'),
  }));
  const schedule = fleet?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        fleet.getConfig('schedule'),
      )
    : {
        frequency: { hours: 6 },
        timeout: { minutes: 60 },
        initialDelay: { seconds: 30 },
      };
  const policies = (fleet?.getOptionalConfigArray('policies') ?? []).map(
    p => p.get() as unknown as FleetPolicy,
  );
  return {
    targets,
    schedule,
    concurrency: fleet?.getOptionalNumber('concurrency') ?? 8,
    retainScans: fleet?.getOptionalNumber('retainScans') ?? 30,
    policies,
  };
}
