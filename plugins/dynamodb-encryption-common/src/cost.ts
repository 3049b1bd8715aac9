import { UNUSABLE_KEY_STATES } from './constants';
import { plural } from './labels';
import type {
  CostBreakdownItem,
  CostEstimate,
  EncryptionFacts,
} from './report';

/**
 * KMS prices (aws.amazon.com/kms/pricing, 2024 model). Region differences are not modelled: set them in
 * config (`dynamodbEncryption.pricing`).
 *
 * @public
 */
export interface KmsPricing {
  /** Monthly fee of a customer managed key. */
  customerKeyMonthlyUsd: number;
  /** Monthly fee added by each rotation of a customer managed key's material... */
  rotationMonthlyUsd: number;
  /** ...for this many rotations at most (later rotations are free). */
  maxBilledRotations: number;
  /** Price of 10,000 KMS requests. */
  requestsPer10kUsd: number;
  /** Requests each account gets free every month, across regions. */
  freeRequestsPerMonth: number;
}

/** @public */
export const DEFAULT_KMS_PRICING: KmsPricing = {
  customerKeyMonthlyUsd: 1,
  rotationMonthlyUsd: 1,
  maxBilledRotations: 2,
  requestsPer10kUsd: 0.03,
  freeRequestsPerMonth: 20_000,
};

/**
 * How DynamoDB's use of KMS is modelled. DynamoDB caches a table's plaintext table key per caller connection
 * and calls KMS Decrypt again only after `keyCacheMinutes` of inactivity, so requests scale with active
 * callers, not with operations.
 *
 * @public
 */
export interface CostAssumptions {
  /** Callers (connections) continuously active on a table. */
  activeCallersPerTable: number;
  /** Minutes a cached table key lives. */
  keyCacheMinutes: number;
  /** Hours a day the callers are active. */
  activeHoursPerDay: number;
  /** Days in a billed month. */
  daysPerMonth: number;
  /** Operations a day, for the labelled no-caching upper bound only; omitted when unknown. */
  operationsPerDay?: number;
}

/** @public */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  activeCallersPerTable: 1,
  keyCacheMinutes: 5,
  activeHoursPerDay: 24,
  daysPerMonth: 30,
};

/** What a table's cost depends on beyond its key. @public */
export interface CostContext {
  /** Tables protected by the same customer managed key: its fees are split across them. */
  tablesSharingKey?: number;
  /** Rotations the key's material has had (from its age and period). */
  rotationsCompleted?: number;
  /**
   * Tables of the account that make KMS requests: the account's free requests are shared across them.
   * Omitted: no free requests are credited (the per-table view cannot know the rest of the account).
   */
  accountKmsTables?: number;
  pricing?: Partial<KmsPricing>;
  assumptions?: Partial<CostAssumptions>;
}

/** @public */
export interface TableCostEstimate extends CostEstimate {
  /** The seed's "one KMS request per operation" figure: an upper bound without key caching, labelled. */
  upperBoundWithoutCaching?: {
    monthlyUsd: number;
    operationsPerDay: number;
    label: string;
  };
}

const round = (usd: number) => Math.round(usd * 10_000) / 10_000;

/**
 * KMS requests a month for one table under the active-caller model: each continuously active caller
 * refreshes the table key once per cache period.
 *
 * @public
 */
export function monthlyKmsRequests(assumptions: CostAssumptions): number {
  const refreshesPerHour = 60 / assumptions.keyCacheMinutes;
  return (
    assumptions.activeCallersPerTable *
    refreshesPerHour *
    assumptions.activeHoursPerDay *
    assumptions.daysPerMonth
  );
}

/**
 * Rotations completed by a key created at `creationDate` rotating every `periodDays` (365 by default).
 *
 * @public
 */
export function rotationsCompleted(
  creationDate: string | Date,
  periodDays = 365,
  now: Date = new Date(),
): number {
  const ageDays =
    (now.getTime() - new Date(creationDate).getTime()) / 86_400_000;
  return ageDays > 0 ? Math.floor(ageDays / periodDays) : 0;
}

/**
 * Estimated monthly KMS cost of protecting one table: AWS owned keys are free; AWS managed keys have no key
 * fee but their requests are billed; customer managed keys add the key fee and the rotation surcharge, both
 * split across the tables sharing the key. A key DynamoDB cannot use (missing, disabled, pending deletion,
 * pending import, unavailable) gets no requests; keys pending deletion and missing keys have no fee. An
 * unknown key type has no estimate, and says so.
 *
 * @public
 */
export function estimateTableCost(
  facts: Pick<EncryptionFacts, 'keyType' | 'keyState'>,
  context: CostContext = {},
): TableCostEstimate {
  const pricing = { ...DEFAULT_KMS_PRICING, ...context.pricing };
  const assumptions = { ...DEFAULT_COST_ASSUMPTIONS, ...context.assumptions };
  const sharing = Math.max(1, context.tablesSharingKey ?? 1);
  const breakdown: CostBreakdownItem[] = [];
  const recorded = {
    ...pricing,
    ...assumptions,
    tablesSharingKey: sharing,
    rotationsCompleted: context.rotationsCompleted ?? 0,
    accountKmsTables: context.accountKmsTables ?? 0,
  };

  if (facts.keyType === 'AWS_OWNED') {
    return { monthlyUsd: 0, breakdown, assumptions: recorded };
  }
  if (facts.keyType === 'UNKNOWN') {
    return {
      monthlyUsd: 0,
      breakdown,
      assumptions: recorded,
      unknown: 'The key type is unknown, so its cost cannot be estimated',
    };
  }
  const unusable = !!facts.keyState && facts.keyState in UNUSABLE_KEY_STATES;
  const feeless =
    facts.keyState === 'PendingDeletion' || facts.keyState === 'NotFound';
  if (facts.keyType === 'CUSTOMER_MANAGED' && !feeless) {
    breakdown.push({
      item: `Key fee (shared by ${plural(sharing, 'table', 'tables')})`,
      monthlyUsd: round(pricing.customerKeyMonthlyUsd / sharing),
    });
    const billedRotations = Math.min(
      context.rotationsCompleted ?? 0,
      pricing.maxBilledRotations,
    );
    if (billedRotations > 0) {
      breakdown.push({
        item: `Rotation surcharge (${plural(
          billedRotations,
          'billed rotation',
          'billed rotations',
        )}, shared by ${plural(sharing, 'table', 'tables')})`,
        monthlyUsd: round(
          (billedRotations * pricing.rotationMonthlyUsd) / sharing,
        ),
      });
    }
  }
  const requests = unusable ? 0 : monthlyKmsRequests(assumptions);
  breakdown.push({
    item: unusable
      ? 'KMS requests (none: DynamoDB cannot use the key)'
      : `KMS requests (${requests.toLocaleString('en-US')} a month: ${plural(
          assumptions.activeCallersPerTable,
          'active caller',
          'active callers',
        )}, key cached ${assumptions.keyCacheMinutes} min)`,
    monthlyUsd: round((requests / 10_000) * pricing.requestsPer10kUsd),
  });
  if (context.accountKmsTables && requests > 0) {
    const freeShare = Math.min(
      requests,
      pricing.freeRequestsPerMonth / context.accountKmsTables,
    );
    breakdown.push({
      item: `Free requests (${pricing.freeRequestsPerMonth.toLocaleString(
        'en-US',
      )} a month per account across its regions, shared by ${plural(
        context.accountKmsTables,
        'table',
        'tables',
      )})`,
      monthlyUsd: -round((freeShare / 10_000) * pricing.requestsPer10kUsd),
    });
  }
  const estimate: TableCostEstimate = {
    monthlyUsd: round(
      Math.max(
        0,
        breakdown.reduce((sum, b) => sum + b.monthlyUsd, 0),
      ),
    ),
    breakdown,
    assumptions: recorded,
  };
  if (assumptions.operationsPerDay !== undefined) {
    const perMonth = assumptions.operationsPerDay * assumptions.daysPerMonth;
    estimate.upperBoundWithoutCaching = {
      operationsPerDay: assumptions.operationsPerDay,
      monthlyUsd: round((perMonth / 10_000) * pricing.requestsPer10kUsd),
      label:
        'Upper bound if every operation called KMS (DynamoDB caches table keys, so real use is far lower)',
    };
  }
  return estimate;
}
