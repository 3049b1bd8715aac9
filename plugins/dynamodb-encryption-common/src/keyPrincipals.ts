import { ConditionClause } from './policyConditions';
import { KeyPrincipalKind, readPrincipal } from './policyPrincipals';
import {
  Allowance,
  evaluateStatements,
  policyStatements,
} from './policyStatements';

/**
 * The cryptographic operations of a symmetric key, as IAM names them: what lets a principal read or write
 * data under the key (`CreateGrant` included: it hands such use on). `kms:*` and `*` cover them all.
 *
 * @public
 */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:CreateGrant',
] as const;

/**
 * One entry of KMS `ListGrants`' `Grants[]`, as far as who may use the key goes.
 *
 * @public
 */
export interface KmsGrantLike {
  GrantId?: string;
  KeyId?: string;
  Name?: string;
  GranteePrincipal?: string;
  RetiringPrincipal?: string;
  IssuingAccount?: string;
  Operations?: string[];
  Constraints?: {
    EncryptionContextSubset?: Record<string, string>;
    EncryptionContextEquals?: Record<string, string>;
  };
}

/**
 * One principal allowed cryptographic use of the key by one key policy statement or grant.
 *
 * @public
 */
export interface KeyUseEntry {
  /** The principal as written (`*`, an account id, an ARN, a service principal, "everyone except ..."). */
  principal: string;
  kind: KeyPrincipalKind;
  accountId?: string;
  /** The cryptographic actions allowed (see `KEY_USE_ACTIONS`). */
  actions: string[];
  /** The conditions on the use, in words; those that do not narrow who say so. */
  conditions: string[];
  /** True when a condition limits who may use the key (an account, organization, principal, service or network). */
  narrowed: boolean;
  /** The accounts the narrowing conditions pin callers to (kms:CallerAccount, aws:PrincipalAccount, ...). */
  conditionAccountIds?: string[];
  /** The statement's Sid (or "statement N"), or "grant <id>". */
  source: string;
  sourceType: 'policy' | 'grant';
  /** `undetermined`: the analysis cannot tell whether the use is allowed; `reason` says why. */
  status: 'allowed' | 'undetermined';
  reason?: string;
}

/**
 * Who can use a key, from its key policy and grants.
 *
 * @public
 */
export interface KeyUseAnalysis {
  entries: KeyUseEntry[];
  /** What kept part of the answer unknown (the policy or grants not read, a statement not understood). */
  undetermined: string[];
}

function grantAllowance(grant: KmsGrantLike): Allowance | undefined {
  const actions = KEY_USE_ACTIONS.filter(a =>
    (grant.Operations ?? []).includes(a.slice('kms:'.length)),
  );
  const grantee = grant.GranteePrincipal;
  if (!actions.length || !grantee) return undefined;
  const read = readPrincipal(grantee);
  const constraints = Object.entries({
    'encryption context includes': grant.Constraints?.EncryptionContextSubset,
    'encryption context is exactly': grant.Constraints?.EncryptionContextEquals,
  }).flatMap(([what, context]) =>
    context
      ? [
          `${what} ${Object.entries(context)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        ]
      : [],
  );
  return {
    ...('problem' in read
      ? { principal: grantee, kind: 'iam-principal' as const }
      : read),
    actions,
    clauses: constraints.map(text => ({
      operator: 'Constraints',
      key: 'encryption context',
      values: [],
      text,
      narrows: false,
      narrowsInDeny: false,
    })),
    denyNarrowing: [],
    denyExceptions: [],
    source: `grant ${grant.GrantId ?? grant.Name ?? '(no id)'}`,
    sourceType: 'grant',
    problems: 'problem' in read ? [read.problem] : [],
  };
}

/** Accounts pinned by every account-valued narrowing (they are ANDed): the intersection of their values. */
function pinnedAccounts(
  clauses: ConditionClause[],
  denyNarrowing: Allowance['denyNarrowing'],
): string[] | undefined {
  const sets = [
    ...clauses.filter(c => c.narrows && c.accountIds).map(c => c.accountIds!),
    ...denyNarrowing.filter(n => n.accountIds).map(n => n.accountIds!),
  ];
  if (!sets.length) return undefined;
  return sets.reduce((a, b) => a.filter(x => b.includes(x)));
}

function entryOf(a: Allowance): KeyUseEntry {
  const conditions = [
    ...a.clauses.map(c =>
      c.narrows || a.sourceType === 'grant'
        ? c.text
        : `${c.text} (does not narrow who)`,
    ),
    ...a.denyNarrowing.map(n => n.text),
    ...a.denyExceptions,
  ];
  const conditionAccountIds = pinnedAccounts(a.clauses, a.denyNarrowing);
  return {
    principal: a.principal,
    kind: a.kind,
    ...(a.accountId ? { accountId: a.accountId } : {}),
    actions: a.actions,
    conditions,
    narrowed: a.clauses.some(c => c.narrows) || a.denyNarrowing.length > 0,
    ...(conditionAccountIds ? { conditionAccountIds } : {}),
    source: a.source,
    sourceType: a.sourceType,
    status: a.problems.length ? 'undetermined' : 'allowed',
    ...(a.problems.length ? { reason: a.problems.join('; ') } : {}),
  };
}

/** One entry per principal, source and conditions: a Deny of some actions splits an Allow, this rejoins it. */
function merged(entries: KeyUseEntry[]): KeyUseEntry[] {
  const byKey = new Map<string, KeyUseEntry>();
  for (const e of entries) {
    const key = JSON.stringify({ ...e, actions: [] });
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...e });
    else
      seen.actions = KEY_USE_ACTIONS.filter(a =>
        [...seen.actions, ...e.actions].includes(a),
      );
  }
  return [...byKey.values()];
}

/**
 * Works out who may use a key for cryptographic operations (`KEY_USE_ACTIONS`) from its key policy
 * document (GetKeyPolicy's `Policy`) and its grants (ListGrants' `Grants`), following the IAM policy
 * language: Principal and NotPrincipal, Action and NotAction, conditions, an explicit Deny over any Allow.
 * An omitted policy or grant list was not read: said in `undetermined`, never taken as empty. Pure.
 *
 * @public
 */
export function analyzeKeyUse(input: {
  policy?: string;
  grants?: readonly KmsGrantLike[];
  keyArn?: string;
}): KeyUseAnalysis {
  const undetermined: string[] = [];
  const grants = (input.grants ?? []).flatMap(g => grantAllowance(g) ?? []);
  if (!input.grants) undetermined.push('the key’s grants were not read');
  let statements: unknown[] = [];
  if (input.policy === undefined) {
    undetermined.push('the key policy was not read');
  } else {
    const parsed = policyStatements(input.policy);
    if ('problem' in parsed) undetermined.push(parsed.problem);
    else statements = parsed;
  }
  const evaluated = evaluateStatements(statements, KEY_USE_ACTIONS, {
    keyArn: input.keyArn,
    extra: grants,
  });
  return {
    entries: merged(evaluated.allowances.map(entryOf)),
    undetermined: [...undetermined, ...evaluated.undetermined],
  };
}

/**
 * The actions of an entry in words: "every cryptographic operation" for all of them.
 *
 * @public
 */
export function keyUseActionsLabel(actions: readonly string[]): string {
  return KEY_USE_ACTIONS.every(a => actions.includes(a))
    ? 'every cryptographic operation'
    : actions.map(a => a.replace(/^kms:/, '')).join(', ');
}
