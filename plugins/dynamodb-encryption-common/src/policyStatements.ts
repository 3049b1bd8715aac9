import {
  ConditionClause,
  parseConditions,
  wildcardMatch,
} from './policyConditions';
import { applyDeny } from './policyDeny';
import { PrincipalRef, readPrincipalElement } from './policyPrincipals';

/**
 * Who a set of key policy statements (and grants) allows to call some KMS actions, before anything is said
 * about it: one allowance per principal and source, explicit Denies applied. The IAM evaluation logic
 * holds: an explicit Deny overrides any Allow; a Deny with a condition removes the Allow only when the
 * condition holds, so it narrows the Allow instead (a Deny on "not in organization X" leaves only X).
 */

/** One principal allowed some of the asked actions by one statement or grant. */
export interface Allowance extends PrincipalRef {
  actions: string[];
  /** The Allow's own condition clauses (for a grant, its constraints in words). */
  clauses: ConditionClause[];
  /** What a Deny narrowed the allowance to, in words, with the accounts it pins when it names them. */
  denyNarrowing: { text: string; accountIds?: string[] }[];
  /** What a Deny takes away without narrowing who (its condition in words). */
  denyExceptions: string[];
  source: string;
  sourceType: 'policy' | 'grant';
  /** Why the allowance cannot be settled. */
  problems: string[];
}

export interface Statement {
  source: string;
  effect: string;
  principals?: PrincipalRef[];
  notPrincipals?: PrincipalRef[];
  actions: string[];
  clauses: ConditionClause[];
  problems: string[];
}

const list = (v: unknown): string[] => [v ?? []].flat().map(String);

/** The asked actions a statement's `Action` or `NotAction` covers. */
function actionsOf(s: Record<string, unknown>, asked: readonly string[]) {
  if (s.Action !== undefined)
    return asked.filter(a =>
      list(s.Action).some(p => wildcardMatch(p, a, true)),
    );
  if (s.NotAction !== undefined)
    return asked.filter(
      a => !list(s.NotAction).some(p => wildcardMatch(p, a, true)),
    );
  return undefined;
}

/** False when the statement's `Resource`/`NotResource` leaves out the key (a key policy's "*" is the key). */
function appliesToKey(s: Record<string, unknown>, keyArn?: string): boolean {
  if (!keyArn) return true;
  if (s.Resource !== undefined)
    return list(s.Resource).some(p => wildcardMatch(p, keyArn));
  if (s.NotResource !== undefined)
    return !list(s.NotResource).some(p => wildcardMatch(p, keyArn));
  return true;
}

function readStatement(
  raw: unknown,
  index: number,
  asked: readonly string[],
  keyArn?: string,
): Statement | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  const source =
    typeof s.Sid === 'string' && s.Sid ? s.Sid : `statement ${index + 1}`;
  const problems: string[] = [];
  const actions = actionsOf(s, asked);
  if (!actions) problems.push('it has neither Action nor NotAction');
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
    problems.push(`its Effect ${String(s.Effect)} is neither Allow nor Deny`);
  const conditions = parseConditions(s.Condition);
  if (conditions.problem) problems.push(conditions.problem);
  const statement: Statement = {
    source,
    effect: String(s.Effect),
    actions: actions ?? [...asked],
    clauses: conditions.clauses,
    problems,
  };
  if (s.Principal !== undefined) {
    const read = readPrincipalElement(s.Principal);
    statement.principals = read.principals;
    problems.push(...read.problems);
  } else if (s.NotPrincipal !== undefined) {
    const read = readPrincipalElement(s.NotPrincipal);
    statement.notPrincipals = read.principals;
    problems.push(...read.problems);
  } else {
    problems.push('it has neither Principal nor NotPrincipal');
  }
  if (!statement.actions.length || !appliesToKey(s, keyArn)) return undefined;
  return statement;
}

function allowancesOf(s: Statement): Allowance[] {
  const base = {
    actions: s.actions,
    clauses: s.clauses,
    denyNarrowing: [],
    denyExceptions: [],
    source: s.source,
    sourceType: 'policy' as const,
    problems: [
      ...s.problems,
      ...s.clauses.flatMap(c => (c.unknown ? [c.unknown] : [])),
    ],
  };
  if (s.notPrincipals) {
    const except = s.notPrincipals.map(p => p.principal).join(', ');
    return [
      {
        ...base,
        principal: `everyone except ${except}`,
        kind: 'any-principal',
      },
    ];
  }
  if (!s.principals?.length)
    return [{ ...base, principal: '(unreadable)', kind: 'any-principal' }];
  return s.principals.map(p => ({ ...base, ...p }));
}

/**
 * Parses a policy document into its statements, or says why it cannot.
 */
export function policyStatements(
  policy: string | undefined,
): unknown[] | { problem: string } {
  try {
    const parsed = JSON.parse(policy ?? '');
    const statements = [parsed?.Statement ?? []].flat();
    return statements;
  } catch {
    return { problem: 'the key policy is not valid JSON' };
  }
}

/**
 * Who the statements (and the allowances from grants) allow to call any of `asked`, explicit Denies applied.
 * `undetermined` says which statements could not be read at all.
 */
export function evaluateStatements(
  statements: readonly unknown[],
  asked: readonly string[],
  options: { keyArn?: string; extra?: Allowance[] } = {},
): { allowances: Allowance[]; undetermined: string[] } {
  const read = statements.map((s, i) =>
    readStatement(s, i, asked, options.keyArn),
  );
  const undetermined = statements.flatMap((s, i) =>
    typeof s === 'object' && s !== null
      ? []
      : [`statement ${i + 1} is not an object`],
  );
  let allowances = [
    ...read
      .filter((s): s is Statement => s?.effect === 'Allow')
      .flatMap(allowancesOf),
    ...(options.extra ?? []),
  ];
  for (const d of read) {
    if (d && d.effect !== 'Allow' && d.effect !== 'Deny')
      undetermined.push(`${d.source}: ${d.problems.join('; ')}`);
    if (d?.effect === 'Deny') allowances = applyDeny(d, allowances);
  }
  return { allowances, undetermined };
}
