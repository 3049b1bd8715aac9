import type { KeyType } from './constants';

/** @public */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** @public */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
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
  compliance?: { framework: string; passed: boolean; rules: { id: string; requirement: string; passed: boolean }[] }[];
  desired?: { enabled: boolean; sseType: string; kmsKeyId?: string };
  drift: DriftItem[];
  fetchedAt: string;
  stale: boolean;
}
