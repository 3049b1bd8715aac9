import type { FrameworkResult } from './compliance';
import type { ObservedKeyType } from './constants';
import type { KeyUseAnalysis } from './keyPrincipals';

/** Finding severities, most severe first. @public */
export const SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const;

/** @public */
export type Severity = (typeof SEVERITIES)[number];

/** @public */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  /** A few words for chips and table cells; `findingShortTitle` supplies one when absent. */
  shortTitle?: string;
  detail?: string;
  remediation?: string;
}

/** @public */
export interface KeyRotation {
  enabled: boolean;
  periodDays?: number;
  nextRotationDate?: string;
  /** True when AWS rotates the key and it cannot be changed (AWS managed keys). */
  managedByAws?: boolean;
}

/**
 * What the portal could not see about a table or its key, and the grants that would let it see.
 *
 * @public
 */
export interface Undetermined {
  reason: string;
  grant: { actions: string[]; resource: string; accountId: string }[];
}

/** @public */
export interface EncryptionFacts {
  keyType: ObservedKeyType;
  sseStatus?: string;
  sseType?: string;
  kmsKeyArn?: string;
  kmsKeyId?: string;
  /** The account that owns the key (and pays for it); differs from the table's for a cross-account key. */
  keyAccountId?: string;
  aliases: string[];
  keyState?: string;
  keySpec?: string;
  keyUsage?: string;
  keyManager?: string;
  origin?: string;
  multiRegion?: boolean;
  deletionDate?: string;
  keyCreationDate?: string;
  rotation?: KeyRotation;
  inaccessibleSince?: string;
  /** When DynamoDB archives a table whose key stays unusable (inaccessibleSince + 7 days). */
  archivalDate?: string;
  /** Whether the key policy lets DynamoDB use the key in the table's region. */
  keyPolicy?: {
    verdict: 'allowed' | 'undetermined' | 'not-allowed';
    reason: string;
  };
  /** Who may use the key (its policy and grants): read for customer managed keys. */
  keyUse?: KeyUseAnalysis;
  /** Set when AWS refused to tell part of the answer: what is unknown and what to grant. */
  undetermined?: Undetermined;
}

/** @public */
export interface TableSummary {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  status?: string;
}

/** @public */
export interface CostBreakdownItem {
  item: string;
  monthlyUsd: number;
}

/** @public */
export interface CostEstimate {
  monthlyUsd: number;
  breakdown: CostBreakdownItem[];
  assumptions: Record<string, unknown>;
  /**
   * What the key-fee split and the free-request credit rest on: the latest fleet scan (tables sharing the
   * key, the account's KMS tables in every region) or, before any scan has seen the table, the table alone.
   */
  basis?: {
    kind: 'fleet-scan' | 'single-table';
    label: string;
    scanId?: number;
  };
  /** The account the key's charges go to (the key's owner). */
  billedToAccountId?: string;
  /** Set when the cost cannot be estimated because the key type is unknown. */
  unknown?: string;
}

/** @public */
export interface DriftItem {
  field: string;
  desired: unknown;
  actual: unknown;
  message: string;
}

/**
 * What protects one table, as served by `GET /entities/:namespace/:kind/:name/encryption`.
 *
 * @public
 */
export interface EncryptionReport {
  table: TableSummary;
  encryption: EncryptionFacts;
  cost?: CostEstimate;
  findings: Finding[];
  /** Per framework (HIPAA, PCI-DSS, GDPR): the rules checked and whether they pass, or cannot tell. */
  compliance?: FrameworkResult[];
  /** The encryption trait's properties in the entity's Application manifest, with defaults applied. */
  desired?: {
    enabled: boolean;
    sseType: string;
    kmsKeyId?: string;
    manifestUrl?: string;
  };
  drift: DriftItem[];
  fetchedAt: string;
  /** True when AWS could not be read and this is the last report read, from `fetchedAt`. */
  stale: boolean;
  staleReason?: string;
}

/**
 * One table a Component or System depends on, as `GET /entities/:namespace/:kind/:name/tables` lists it.
 *
 * @public
 */
export interface DependentTable {
  entityRef: string;
  title: string;
  arn?: string;
  keyType?: ObservedKeyType;
  keyState?: string;
  aliases?: string[];
  /** Rotation of the key, as the table's report has it. */
  rotation?: KeyRotation;
  /** The table's estimated monthly KMS cost, as the table's report has it. */
  monthlyUsd?: number;
  /** Findings above `info`. */
  findings?: number;
  /** Why the table could not be read. */
  error?: string;
}

/**
 * A KMS key the form offers, as `GET /kms-keys` lists it: usable keys first, the others with the reason.
 *
 * @public
 */
export interface KmsKeyOption {
  keyArn: string;
  keyId: string;
  aliases: string[];
  description?: string;
  keyState?: string;
  keySpec?: string;
  rotation?: { enabled: boolean; periodDays?: number };
  usable: boolean;
  reason?: string;
  /** What a new table on this key would cost a month, from the one assessment with the configured prices. */
  estimate?: { monthlyUsd: number; label: string };
}

/**
 * A key reference resolved in a table's account and region.
 *
 * @public
 */
export interface ResolvedKmsKey extends KmsKeyOption {
  /** The reference as given (alias, key id, ARN). */
  reference: string;
  keyPolicy?: {
    verdict: 'allowed' | 'undetermined' | 'not-allowed';
    reason: string;
  };
}
