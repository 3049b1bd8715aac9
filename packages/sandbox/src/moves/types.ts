import type { CloudTrailRecord } from '../cloudTrailEvents';

/** The changes someone can make to the sandbox's AWS, each followed by its CloudTrail event. */
export const KEY_MOVES = [
  'disable-key',
  'enable-key',
  'schedule-key-deletion',
  'cancel-key-deletion',
  'enable-key-rotation',
  'disable-key-rotation',
  'put-key-policy',
] as const;
export const TABLE_MOVES = [
  'create-table',
  'tag-table',
  'untag-table',
  'delete-table',
] as const;
export type MoveName =
  | (typeof KEY_MOVES)[number]
  | (typeof TABLE_MOVES)[number];

/** One move: where, on what, and the move's own inputs. */
export interface MoveRequest {
  move: MoveName;
  /** A demo account's id or name. */
  account: string;
  region: string;
  /** Key moves: a key id, key ARN, alias name or ARN, or a demo fleet key's id. */
  key?: string;
  /** Table moves: the table's name. */
  table?: string;
  /** schedule-key-deletion: 7 to 30. Default 7. */
  pendingWindowInDays?: number;
  /** put-key-policy: the policy document (JSON). */
  policy?: string;
  /** tag-table: the tags to set. */
  tags?: Record<string, string>;
  /** untag-table: the tag keys to remove. */
  tagKeys?: string[];
}

/** What a move did: its CloudTrail record, and the id EventBridge gave the event. */
export interface MoveResult {
  accountId: string;
  region: string;
  record: CloudTrailRecord;
  eventId: string;
  summary: string;
}

/** A move's input is wrong: the message names the argument (`--key: …`). */
export class MoveInputError extends Error {
  constructor(readonly argument: string, message: string) {
    super(`--${argument}: ${message}`);
    this.name = 'MoveInputError';
  }
}

/** The role the moves act as in the demo accounts (moto lets any role be assumed). */
export const SANDBOX_OPERATOR_ROLE = 'sandbox-operator';
