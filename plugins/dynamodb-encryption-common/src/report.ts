import type { KeyType } from './constants';

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

/** @public */
export interface EncryptionFacts {
  keyType: KeyType;
  sseStatus?: string;
  sseType?: string;
  kmsKeyArn?: string;
  kmsKeyId?: string;
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
  /** Per framework (HIPAA, PCI-DSS, GDPR): the rules checked and whether they pass. */
  compliance?: {
    framework: string;
    passed: boolean;
    rules: { id: string; requirement: string; passed: boolean }[];
  }[];
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
  keyType?: KeyType;
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
