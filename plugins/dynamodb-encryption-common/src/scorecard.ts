import type { ObservedKeyType } from './constants';
import type { FleetRow } from './fleet';
import type { DriftItem } from './report';

/**
 * The id of the Tech Insights fact retriever publishing {@link ScorecardFacts}, as checks' `factIds` and
 * `techInsights.factRetrievers` name it.
 *
 * @public
 */
export const DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID =
  'dynamodbEncryptionFactRetriever';

/**
 * What a scorecard (Tech Insights) knows about a table entity, or about a Component or System through the
 * tables it depends on. A field is absent when it cannot be known; a check on an absent fact does not pass.
 *
 * There is deliberately no "days since the key was rotated": the scan reads the rotation status (enabled,
 * period, next date) but not the rotation history, and "next date minus period" is the day rotation was
 * turned on when that happened after the key was made; on-demand rotations are not seen at all.
 *
 * @public
 */
export interface ScorecardFacts {
  /** Tables the facts are about: 1 for a table entity, the dependent tables for a Component or System. */
  tables: number;
  /** The table's key type (table entities only). */
  keyType?: ObservedKeyType;
  /** The key's state, as KMS reports it (table entities with a KMS key only). */
  keyState?: string;
  /** Every table is protected by a customer managed key. */
  customerManagedKey?: boolean;
  /** Every table's key rotates (AWS managed keys always do). */
  rotationEnabled?: boolean;
  /** Estimated monthly KMS cost in USD, summed over the tables. */
  monthlyCostUsd?: number;
  /** Critical and high findings, summed over the tables. */
  criticalOrHighFindings?: number;
  /** Some table's encryption differs between its Application manifest in Git and the latest scan. */
  driftPresent?: boolean;
}

/**
 * The fact schema as Tech Insights declares it: one entry per field of {@link ScorecardFacts}.
 *
 * @public
 */
export const SCORECARD_FACT_SCHEMA: Record<
  keyof ScorecardFacts,
  { type: 'integer' | 'float' | 'string' | 'boolean'; description: string }
> = {
  tables: {
    type: 'integer',
    description: 'DynamoDB tables the facts are about',
  },
  keyType: {
    type: 'string',
    description:
      'Key that protects the table: AWS_OWNED, AWS_MANAGED, CUSTOMER_MANAGED or UNKNOWN',
  },
  keyState: {
    type: 'string',
    description: 'State of the KMS key (Enabled, Disabled, PendingDeletion, …)',
  },
  customerManagedKey: {
    type: 'boolean',
    description: 'Every table is protected by a customer managed KMS key',
  },
  rotationEnabled: {
    type: 'boolean',
    description: "Every table's KMS key rotates automatically",
  },
  monthlyCostUsd: {
    type: 'float',
    description: 'Estimated monthly KMS cost (USD) of the tables',
  },
  criticalOrHighFindings: {
    type: 'integer',
    description: 'Critical and high findings on the tables',
  },
  driftPresent: {
    type: 'boolean',
    description:
      "Some table's encryption differs between Git (its Application manifest) and AWS",
  },
};

/**
 * The facts of one table from its row of the latest fleet scan (the one assessment) and, when its Application
 * manifest could be read, the drift between that manifest and the row. `drift` undefined means "not known".
 *
 * @public
 */
export function tableScorecardFacts(
  row: Pick<FleetRow, 'encryption' | 'cost' | 'findings'>,
  drift?: readonly DriftItem[],
): ScorecardFacts {
  const e = row.encryption;
  const known = e.keyType !== 'UNKNOWN';
  const facts: ScorecardFacts = { tables: 1, keyType: e.keyType };
  if (e.keyState) facts.keyState = e.keyState;
  if (known) facts.customerManagedKey = e.keyType === 'CUSTOMER_MANAGED';
  if (e.rotation) facts.rotationEnabled = e.rotation.enabled;
  if (!row.cost.unknown) facts.monthlyCostUsd = row.cost.monthlyUsd;
  facts.criticalOrHighFindings = row.findings.filter(
    f => f.severity === 'critical' || f.severity === 'high',
  ).length;
  if (drift) facts.driftPresent = drift.length > 0;
  return facts;
}

/**
 * The facts of a Component or System from those of the tables it depends on: it passes a check only when
 * every table does, so a fact is absent as soon as one table's is unknown (except drift, which is known
 * present when any table has it).
 *
 * @public
 */
export function dependentScorecardFacts(
  tables: readonly ScorecardFacts[],
): ScorecardFacts {
  const facts: ScorecardFacts = { tables: tables.length };
  if (!tables.length) return facts;
  const all = <K extends keyof ScorecardFacts>(key: K) =>
    tables.every(t => t[key] !== undefined)
      ? tables.map(t => t[key] as NonNullable<ScorecardFacts[K]>)
      : undefined;
  const cmk = all('customerManagedKey');
  if (cmk) facts.customerManagedKey = cmk.every(Boolean);
  const rotation = all('rotationEnabled');
  if (rotation) facts.rotationEnabled = rotation.every(Boolean);
  const cost = all('monthlyCostUsd');
  if (cost)
    facts.monthlyCostUsd =
      Math.round(cost.reduce((a, b) => a + b, 0) * 10_000) / 10_000;
  const severe = all('criticalOrHighFindings');
  if (severe) facts.criticalOrHighFindings = severe.reduce((a, b) => a + b, 0);
  if (tables.some(t => t.driftPresent === true)) facts.driftPresent = true;
  else if (all('driftPresent')) facts.driftPresent = false;
  return facts;
}
