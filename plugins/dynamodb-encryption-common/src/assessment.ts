import { evaluateCompliance, FrameworkResult } from './compliance';
import {
  CostAssumptions,
  estimateTableCost,
  KmsPricing,
  rotationsCompleted,
  TableCostEstimate,
} from './cost';
import type { AwsRefusal } from './classify';
import { describeEncryption, TableEncryptionObservation } from './describe';
import type { FleetContext } from './fleet';
import { evaluatePolicies, FleetPolicy, UNOWNED_FINDING } from './policies';
import { keyFindings, sortFindings } from './findings';
import { keyChoiceObservation } from './keyChoiceObservation';
import { keyUseFindings } from './keyUseFindings';
import { plural } from './labels';
import type {
  EncryptionFacts,
  Finding,
  KmsKeyOption,
  TableSummary,
} from './report';

/**
 * Everything beyond AWS's answer that the assessment of a table depends on.
 *
 * @public
 */
export interface AssessmentContext {
  /** From the latest fleet scan that saw the table; omitted before any scan. */
  fleet?: FleetContext;
  pricing?: Partial<KmsPricing>;
  assumptions?: Partial<CostAssumptions>;
  /** Accounts (besides the key's and the table's) trusted to use keys: `dynamodbEncryption.trustedAccounts`. */
  trustedAccounts?: readonly string[];
  /** Platform policies (`dynamodbEncryption.fleet.policies`). */
  policies?: readonly FleetPolicy[];
  /** The catalog entity's `metadata.tags`. */
  entityTags?: readonly string[];
  /** The table's own AWS tags (needed only by policies that match on them). */
  awsTags?: Readonly<Record<string, string>>;
  /** Set when AWS refused to list the table's tags: policies that match on tags cannot be checked. */
  awsTagsRefused?: AwsRefusal;
  /** False when no catalog entity declares the table: it gets the "unowned" finding. */
  declared?: boolean;
  now?: Date;
}

/**
 * The one assessment of a table: what protects it, what that costs, what is wrong and which frameworks
 * it meets. Every screen, export and API answer about a table comes from here.
 *
 * @public
 */
export interface TableAssessment {
  table: TableSummary;
  encryption: EncryptionFacts;
  cost: TableCostEstimate;
  findings: Finding[];
  compliance: FrameworkResult[];
}

/** Rotations billed so far: from the key's age and period, assuming rotation was on since creation. */
function billedRotations(facts: EncryptionFacts, now?: Date): number {
  if (
    !facts.rotation?.enabled ||
    facts.rotation.managedByAws ||
    !facts.keyCreationDate
  ) {
    return 0;
  }
  return rotationsCompleted(
    facts.keyCreationDate,
    facts.rotation.periodDays,
    now,
  );
}

/** Policies on AWS tags the portal could not check because AWS refused the tags: said, never skipped. */
function tagPoliciesUndetermined(context: AssessmentContext): Finding[] {
  const refused = context.awsTagsRefused;
  if (!refused) return [];
  return (context.policies ?? [])
    .filter(p => p.when?.awsTags)
    .map(p => ({
      id: `policy-${p.id}-undetermined`,
      severity: 'low' as const,
      title: `${p.title}: cannot be checked, AWS refused ${refused.action}`,
      detail: `Grant ${refused.action} on ${refused.resource} to the portal's role in account ${refused.callerAccountId}.`,
    }));
}

/**
 * Whether a table calls KMS (and so takes a share of its account's free requests): a KMS key DynamoDB
 * can use.
 *
 * @public
 */
export function callsKms(facts: EncryptionFacts): boolean {
  return (
    (facts.keyType === 'AWS_MANAGED' || facts.keyType === 'CUSTOMER_MANAGED') &&
    (facts.keyState === undefined || facts.keyState === 'Enabled')
  );
}

/**
 * Assesses one table from what AWS said (or refused to say) about it and its key, and its context.
 * Pure: the same observation and context always give the same assessment.
 *
 * @public
 */
export function assessTable(
  observation: TableEncryptionObservation,
  context: AssessmentContext = {},
): TableAssessment {
  const encryption = describeEncryption(observation);
  const table = observation.table;
  const fleet =
    context.fleet && context.fleet.kmsKeyArn === encryption.kmsKeyArn
      ? context.fleet
      : undefined;
  const cost: TableCostEstimate = {
    ...estimateTableCost(encryption, {
      pricing: context.pricing,
      assumptions: context.assumptions,
      rotationsCompleted: billedRotations(encryption, context.now),
      tablesSharingKey: fleet?.tablesSharingKey,
      accountKmsTables: fleet?.accountKmsTables,
    }),
    basis: fleet
      ? {
          kind: 'fleet-scan',
          scanId: fleet.scanId,
          label: `Key fee split across the ${plural(
            fleet.tablesSharingKey,
            'table',
            'tables',
          )} the latest scan found on this key; free requests shared by the ${plural(
            fleet.accountKmsTables,
            'table of the account that uses KMS',
            'tables of the account that use KMS',
          )}`,
        }
      : {
          kind: 'single-table',
          label:
            "If this table were the key's only user (no fleet scan has seen it yet), without the account's free requests",
        },
  };
  if (
    encryption.keyType === 'CUSTOMER_MANAGED' ||
    encryption.keyType === 'AWS_MANAGED'
  ) {
    cost.billedToAccountId = encryption.keyAccountId ?? table.accountId;
  }
  const compliance = evaluateCompliance(table, encryption);
  const findings = sortFindings([
    ...keyFindings(table, encryption),
    ...keyUseFindings(encryption.keyUse, {
      keyAccountId: encryption.keyAccountId,
      tableAccountId: table.accountId,
      trustedAccounts: context.trustedAccounts,
    }),
    ...compliance.findings,
    ...evaluatePolicies(context.policies ?? [], { table, encryption }, context),
    ...tagPoliciesUndetermined(context),
    ...(context.declared === false ? [UNOWNED_FINDING] : []),
  ]);
  return {
    table,
    encryption,
    cost,
    findings,
    compliance: compliance.frameworks,
  };
}

/**
 * Counts what a table's fleet context needs while an estate is read one table at a time: tables per key
 * ARN across all scanned accounts and regions, and KMS-calling tables per key-owner account across
 * regions. It keeps one number per key and per account, never the tables, so a scan's memory does not grow
 * with the estate; `contextFor` is the one way the context is computed, and the report reuses it.
 *
 * @public
 */
export class FleetContextCounter {
  private readonly perKey = new Map<string, number>();
  private readonly perAccount = new Map<string, number>();

  add(t: { encryption: EncryptionFacts; accountId: string }): void {
    const key = t.encryption.kmsKeyArn;
    if (key) this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
    if (callsKms(t.encryption)) {
      const account = t.encryption.keyAccountId ?? t.accountId;
      this.perAccount.set(account, (this.perAccount.get(account) ?? 0) + 1);
    }
  }

  /** The context of a table that was added, once every table of the scan was added. */
  contextFor(
    t: { encryption: EncryptionFacts; accountId: string },
    scanId?: number,
  ): FleetContext {
    const key = t.encryption.kmsKeyArn;
    return {
      scanId,
      kmsKeyArn: key,
      tablesSharingKey: key ? this.perKey.get(key) ?? 1 : 1,
      accountKmsTables:
        this.perAccount.get(t.encryption.keyAccountId ?? t.accountId) ?? 0,
    };
  }
}

/**
 * What a new table protected by `key` would cost a month: the one assessment of a table that does not exist
 * yet, as if it were the key's only user (the form's estimate).
 *
 * @public
 */
export function estimateKeyChoice(
  key: KmsKeyOption,
  target: { accountId: string; region: string },
  context: Pick<AssessmentContext, 'pricing' | 'assumptions'> = {},
): NonNullable<KmsKeyOption['estimate']> {
  const { cost } = assessTable(
    keyChoiceObservation(
      { arn: '', name: '(new table)', ...target },
      'CUSTOMER_MANAGED',
      key,
    ),
    context,
  );
  return {
    monthlyUsd: cost.monthlyUsd,
    label: `About $${cost.monthlyUsd.toFixed(
      2,
    )} a month if the key serves this table alone (less when shared)`,
  };
}
