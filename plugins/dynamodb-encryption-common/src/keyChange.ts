import type { KeyType, ObservedKeyType } from './constants';
import type { EncryptionTraitProperties } from './trait';

/**
 * DynamoDB's limit on switching a table's key: `switches` in a rolling `windowHours`, then one more each
 * time `quietHours` pass without a switch. Switching to the AWS owned key is not limited.
 *
 * @public
 */
export const KEY_SWITCH_LIMIT = {
  switches: 4,
  windowHours: 24,
  quietHours: 6,
} as const;

/** The limit in words, as the preview says it. @public */
export const KEY_SWITCH_LIMIT_WORDS = `DynamoDB allows ${KEY_SWITCH_LIMIT.switches} key switches of a table in ${KEY_SWITCH_LIMIT.windowHours} hours, then one more after each ${KEY_SWITCH_LIMIT.quietHours} hours without one; switching to the AWS owned key is not limited.`;

/**
 * Each key type as a sentence names it ("switch to the AWS owned key").
 *
 * @public
 */
export const KEY_TYPE_WORDS: Record<KeyType, string> = {
  AWS_OWNED: 'the AWS owned key',
  AWS_MANAGED: 'the AWS managed key',
  CUSTOMER_MANAGED: 'a customer managed key',
};

/**
 * What the "Change key" template asks for (`POST /key-change/preview` takes the same).
 *
 * @public
 */
export interface KeyChangeRequest {
  /** The table's catalog entity, such as `resource:default/orders`. */
  entityRef: string;
  keyChoice: KeyType;
  /** The customer managed key (its ARN, or a key id or alias to resolve): required with CUSTOMER_MANAGED. */
  kmsKeyArn?: string;
}

/** A key as the portal read it on a table. @public */
export interface KeyIdentity {
  keyType: ObservedKeyType;
  kmsKeyArn?: string;
}

/**
 * A switch of a table's key the portal saw: by a scan (between two of its readings: after `seenAfter`, at
 * latest `at`) or by an AWS event (`UpdateTable` at `at`).
 *
 * @public
 */
export interface KeySwitch {
  at: string;
  seenAfter?: string;
  from: KeyIdentity;
  to: KeyIdentity;
  source: 'scan' | 'event';
  eventName?: string;
}

/**
 * What the portal knows of a table's recent key switches, from the readings it keeps (the retained scans'
 * rows and the rows AWS events re-read), and what it does not know.
 *
 * @public
 */
export interface KeySwitchHistory {
  /** True when the portal's readings cover the whole window (it may still miss a switch and back). */
  known: boolean;
  /** The oldest reading of the table the portal keeps. */
  since?: string;
  /** Switches seen in the window, newest first. */
  recent: KeySwitch[];
  /** Those that count against the limit (not to the AWS owned key). */
  counted: number;
  note: string;
}

/**
 * Why a key change cannot go ahead, naming the input it is about when there is one.
 *
 * @public
 */
export interface KeyChangeRefusal {
  field?: 'entityRef' | 'keyChoice' | 'kmsKeyArn' | 'manifest' | 'table';
  message: string;
}

/** One side of a key change: the key and the monthly cost from the one assessment. @public */
export interface KeyChangeSide {
  keyType: ObservedKeyType;
  kmsKeyArn?: string;
  aliases?: string[];
  /** Undefined when the cost cannot be known (the key type is unknown, or the table could not be read). */
  monthlyUsd?: number;
  costLabel: string;
  /** What the figure rests on (the fleet scan's key sharing, or the table alone). */
  basis?: string;
}

/**
 * The preview of a key change (`POST /key-change/preview`): the Application's diff against Git, the cost
 * before and after, what the portal knows of recent switches, and every reason Create would be refused.
 *
 * @public
 */
export interface KeyChangePreview {
  entityRef: string;
  table: { arn: string; name: string; accountId: string; region: string };
  manifestUrl?: string;
  /** A unified diff of the Application; empty when nothing would change or it cannot be edited. */
  diff: string;
  changed: boolean;
  /** What the Application in Git asks for now, when it says it validly. */
  desired?: EncryptionTraitProperties;
  /** What protects the table in AWS now. */
  current: KeyChangeSide;
  proposed: KeyChangeSide;
  switches: KeySwitchHistory;
  refusals: KeyChangeRefusal[];
  /** What the preview could not check, and why. */
  notes: string[];
}
