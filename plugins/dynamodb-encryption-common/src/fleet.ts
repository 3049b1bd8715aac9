import { z } from 'zod/v3';
import { OBSERVED_KEY_TYPES, ObservedKeyType } from './constants';
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_ID_MESSAGE,
  REGION_PATTERN,
  REGION_MESSAGE,
} from './arn';
import type { AccountErrorCause } from './accountErrors';
import type { FleetEventsStatus } from './events';
import type { FrameworkResult } from './compliance';
import { SEVERITIES } from './report';
import type {
  CostEstimate,
  EncryptionFacts,
  Finding,
  Severity,
  TableSummary,
} from './report';

/**
 * One scanned table, as `GET /fleet/tables` serves it: the same shapes as the per-table report, joined to
 * the catalog entity that declares the table.
 *
 * @public
 */
export interface FleetRow {
  table: TableSummary;
  encryption: EncryptionFacts;
  cost: CostEstimate;
  findings: Finding[];
  compliance?: FrameworkResult[];
  /** What the row was assessed with: its scan's key sharing and the account's KMS tables. */
  context?: FleetContext;
  /** The catalog entity that declares the table (never a discovered one). */
  entityRef?: string;
  /** The declaring entity's owner, else the table's owner tag. */
  owner?: string;
  /** The declaring entity's system, else the table's system tag. */
  system?: string;
  /** The table's AWS tags, as the scan read them (Resource Groups Tagging API). */
  awsTags?: Record<string, string>;
  /**
   * Set when the row's scan could not read the table's account or region and kept the row of an earlier
   * scan: since when the row is stale (when it was last read) and why.
   */
  stale?: { since: string; reason: string };
  /**
   * When AWS was read for this row: the scan's start, or the time an event's re-read finished. A row is only
   * ever replaced by one read later.
   */
  readAt?: string;
  /** Set when the row was re-read after an AWS event rather than by a scan: the event's name and time. */
  event?: { name: string; time: string };
}

/** @public */
export interface FleetScanStatus {
  id: number;
  /**
   * `complete`: read every account and region it set out to read. `partial`: could not read some, whose
   * rows it kept from the previous snapshot, marked stale (`staleParts`). `failed`: reached nothing, or
   * stopped; never read. Readers see the latest complete or partial scan.
   */
  status: 'running' | 'complete' | 'partial' | 'failed';
  startedAt: string;
  finishedAt?: string;
  progress: { done: number; total: number };
  awsRequests: number;
  errors: string[];
  /** Accounts whose credentials could not be had: the scan covers the others and names these. */
  unreachableAccounts?: UnreachableAccount[];
  /** The accounts and regions the scan could not read, whose rows it kept from an earlier scan. */
  staleParts?: StalePart[];
}

/**
 * An account and region a scan could not read: its rows are the previous snapshot's, marked stale.
 *
 * @public
 */
export interface StalePart {
  accountId: string;
  region: string;
  /** The AWS error (or other cause) as it came. */
  reason: string;
  /** When the kept rows were last read; absent when no earlier scan had read this part (no rows kept). */
  since?: string;
  /** How many rows were kept. */
  tables: number;
}

/**
 * A target account the scan could not reach, with the AWS error as AWS gave it.
 *
 * @public
 */
export interface UnreachableAccount {
  accountId: string;
  /** The role the scan tried to assume (an organization target's role), when it was one. */
  roleArn?: string;
  /** The error as it came: its name and message. */
  error: string;
  /** What the error says about the cause; decides the advice shown (IAM advice only for `iam`). */
  cause?: AccountErrorCause;
}

/**
 * A scanned account, with the name given in config (`dynamodbEncryption.fleet.targets[].name`).
 *
 * @public
 */
export interface FleetAccount {
  accountId: string;
  name?: string;
  regions: string[];
}

/**
 * Which fleet rows a reader's answer covers: `all` when the permission policy allows the whole fleet,
 * `conditional` when it allowed only some rows (its conditional decision, such as the tables the user's
 * teams own): every count, figure, page and export then covers those rows only.
 *
 * @public
 */
export type FleetReadScope = 'all' | 'conditional';

/**
 * A page of `GET /fleet/tables`.
 *
 * @public
 */
export interface FleetTablesPage {
  items: FleetRow[];
  /** Every row that matches the filters (and the reader's scope), not only this page's. */
  total: number;
  nextCursor?: number;
  scope?: FleetReadScope;
}

/** @public */
export interface FleetSummary {
  /** The rows the figures cover: the whole fleet, or the rows the policy allowed the reader. */
  scope?: FleetReadScope;
  /** The latest scan, whatever its state (running, failed, complete). */
  scan?: FleetScanStatus;
  /**
   * The complete scan these figures come from (the latest complete one): the accounts it could not reach
   * are missing from every figure, also while a newer scan runs or after one failed.
   */
  figuresScan?: FleetScanStatus;
  /** The configured accounts and regions. */
  accounts?: FleetAccount[];
  /** How fresh the rows are from AWS events; undefined when no event queue is configured. */
  events?: FleetEventsStatus;
  tables: number;
  /** Of `tables`, those kept from an earlier scan because their account or region could not be read. */
  staleTables?: number;
  byKeyType: Record<ObservedKeyType, number>;
  rotation: { eligible: number; rotated: number };
  cost: {
    monthlyUsd: number;
    byKey: {
      kmsKeyArn: string;
      aliases?: string[];
      tables: number;
      monthlyUsd: number;
    }[];
    byOwner: { owner: string; tables: number; monthlyUsd: number }[];
  };
  findings: { bySeverity: Record<Severity, number>; unowned: number };
  /** One point per retained complete scan, oldest first. */
  trend: {
    scanId: number;
    finishedAt: string;
    tables: number;
    awsOwned: number;
    awsManaged: number;
    customerManaged: number;
    /** Customer managed tables whose key rotates. */
    rotated: number;
    /** Tables whose most severe finding is critical or high. */
    severeFindings: number;
    /** Estimated KMS cost of the scan's tables. */
    monthlyUsd: number;
  }[];
}

/**
 * Server-side filters, order and page of `GET /fleet/tables`.
 *
 * @public
 */
export interface FleetTablesQuery {
  accountId?: string;
  region?: string;
  keyType?: ObservedKeyType;
  owner?: string;
  finding?: string;
  /** Tables protected by this key. */
  kmsKeyArn?: string;
  /** Tables whose most severe finding has this severity. */
  severity?: Severity;
  /** Customer managed tables whose key rotates (`enabled`) or not (`disabled`). */
  rotation?: 'enabled' | 'disabled';
  sort?: 'name' | 'cost' | 'severity';
  cursor?: number;
  limit?: number;
}

/**
 * The fleet's filters as a zod shape, for every input that selects fleet rows (the HTTP query and the
 * actions registry's tools): one rule per field, each refusal naming what is expected. Takes the caller's
 * `z`, since the actions registry hands its own.
 *
 * @public
 */
export function fleetFilterShape(zod: typeof z) {
  return {
    accountId: zod
      .string()
      .regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE)
      .optional(),
    region: zod.string().regex(REGION_PATTERN, REGION_MESSAGE).optional(),
    keyType: zod.enum(OBSERVED_KEY_TYPES).optional(),
    owner: zod.string().max(255).optional(),
    finding: zod
      .string()
      .regex(/^[a-z0-9-]{1,80}$/, 'must be a finding id such as key-disabled')
      .optional(),
    kmsKeyArn: zod
      .string()
      .regex(
        /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,100}$/,
        'must be a KMS key ARN',
      )
      .optional(),
    severity: zod.enum(SEVERITIES).optional(),
    rotation: zod.enum(['enabled', 'disabled']).optional(),
  };
}

/**
 * What the latest fleet scan knew around one table: how many tables share its key (in every scanned
 * account and region) and how many tables of its key's account call KMS (in every region, since the free
 * requests are counted per account across regions).
 *
 * @public
 */
export interface FleetContext {
  scanId?: number;
  /** The key ARN these figures are about; the context applies only while the table keeps this key. */
  kmsKeyArn?: string;
  tablesSharingKey: number;
  accountKmsTables: number;
}
