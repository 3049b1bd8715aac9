import { isKnownKey, NARROWING_KEYS } from './conditionKeys';

/**
 * The `Condition` element of a key policy statement, read the way the IAM policy language defines it
 * (condition operators, `...IfExists`, the `ForAnyValue:`/`ForAllValues:` set operators): what each clause
 * says in words, whether it narrows who may use the key, and, given what a request would carry, whether
 * it holds. Clauses the analysis does not know are reported, never guessed.
 */

const POSITIVE: Record<string, string> = {
  stringequals: 'is',
  stringequalsignorecase: 'is (any case)',
  stringlike: 'matches',
  arnequals: 'is',
  arnlike: 'matches',
  ipaddress: 'is in',
  bool: 'is',
  binaryequals: 'is',
};
const NEGATED: Record<string, string> = {
  stringnotequals: 'is not',
  stringnotequalsignorecase: 'is not (any case)',
  stringnotlike: 'does not match',
  arnnotequals: 'is not',
  arnnotlike: 'does not match',
  notipaddress: 'is not in',
};
/** The negated operators' positive twins: a Deny on "not X" leaves only X allowed. */
const POSITIVE_OF: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  notipaddress: 'ipaddress',
};
const COMPARISONS =
  /^(numeric|date)(equals|notequals|lessthan|lessthanequals|greaterthan|greaterthanequals)$/;

/** One `operator: { key: values }` pair of a statement's `Condition`. @public */
export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
  /** The clause in words. */
  text: string;
  /** Why the analysis cannot read the clause, when it cannot. */
  unknown?: string;
  /** True when, in an Allow, the clause limits who may use the key. */
  narrows: boolean;
  /** True when, in a Deny, the clause leaves only the principals it names allowed (a negated operator). */
  narrowsInDeny: boolean;
  /** The clause as it reads when a Deny on it is read as "only when...". */
  positiveText?: string;
  /** The accounts an account-valued narrowing clause pins the caller to. */
  accountIds?: string[];
}

const lower = (s: string) => s.toLowerCase();
const list = (v: unknown): string[] => [v ?? []].flat().map(x => String(x));

function splitOperator(operator: string) {
  const set = /^(ForAnyValue|ForAllValues):/i.exec(operator)?.[1];
  const rest = set ? operator.slice(set.length + 1) : operator;
  const ifExists = /IfExists$/i.test(rest);
  const base = lower(ifExists ? rest.slice(0, -'IfExists'.length) : rest);
  return { set: set && lower(set), base, ifExists };
}

function words(
  key: string,
  set: string | undefined,
  verb: string,
  values: string[],
  ifExists: boolean,
): string {
  let subject = key;
  if (set === 'foranyvalue') subject = `any of ${key}`;
  else if (set === 'forallvalues') subject = `every ${key}`;
  return `${subject} ${verb} ${values.join(' or ')}${
    ifExists ? ' (when present)' : ''
  }`;
}

function clauseOf(operator: string, key: string, values: string[]) {
  const { set, base, ifExists } = splitOperator(operator);
  const k = lower(key);
  const known = NARROWING_KEYS[k];
  const verb = POSITIVE[base] ?? NEGATED[base];
  const clause: ConditionClause = {
    operator,
    key,
    values,
    text: '',
    narrows: false,
    narrowsInDeny: false,
  };
  if (base === 'null') {
    clause.text = `${key} is ${values.includes('true') ? 'absent' : 'present'}`;
  } else if (verb) {
    clause.text = words(key, set, verb, values, ifExists);
  } else if (COMPARISONS.test(base)) {
    clause.text = `${key} ${operator} ${values.join(' or ')}`;
  } else {
    clause.text = `${operator} ${key} ${values.join(' or ')}`;
    clause.unknown = `condition operator ${operator} is not one the analysis knows`;
    return clause;
  }
  if (!isKnownKey(key)) {
    clause.unknown = `condition key ${key} is not one the analysis knows`;
    return clause;
  }
  if (!known) return clause;
  // A clause that holds when the key is missing narrows only with a key every request carries.
  const holdsWhenMissing = ifExists || set === 'forallvalues';
  const anyValue = values.some(v => v === '*' || v === '');
  if (POSITIVE[base] && !anyValue && (!holdsWhenMissing || known.alwaysPresent))
    clause.narrows =
      base !== 'bool' ||
      (k === 'aws:principalisawsservice' &&
        values.every(v => lower(v) === 'true'));
  if (NEGATED[base] && !set && !anyValue) {
    clause.narrowsInDeny = true;
    clause.positiveText = words(
      key,
      undefined,
      POSITIVE[POSITIVE_OF[base]],
      values,
      false,
    );
  }
  if (known.accountValued && (clause.narrows || clause.narrowsInDeny)) {
    const accounts = values.filter(v => /^\d{12}$/.test(v));
    if (accounts.length === values.length) clause.accountIds = accounts;
  }
  return clause;
}

/**
 * The clauses of a statement's `Condition` element, or the reason it cannot be read.
 *
 * @public
 */
export function parseConditions(condition: unknown): {
  clauses: ConditionClause[];
  problem?: string;
} {
  if (condition === undefined) return { clauses: [] };
  if (typeof condition !== 'object' || condition === null)
    return { clauses: [], problem: 'the Condition element is not an object' };
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (typeof block !== 'object' || block === null)
      return { clauses, problem: `condition ${operator} is not an object` };
    for (const [key, values] of Object.entries(block))
      clauses.push(clauseOf(operator, key, list(values)));
  }
  return { clauses };
}

/**
 * IAM's wildcard match: `*` any run of characters, `?` any one.
 *
 * @public
 */
export function wildcardMatch(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  const re = pattern
    .split('')
    .map(c => {
      if (c === '*') return '.*';
      if (c === '?') return '.';
      return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * Whether a clause holds for a request: `request` maps lower-case condition keys to the value the request
 * carries, or to `null` when it carries none. A key not in `request` (or an operator the analysis does not
 * evaluate) gives `undefined`: unknown.
 *
 * @public
 */
export function evaluateClause(
  clause: ConditionClause,
  request: Readonly<Record<string, string | null>>,
): boolean | undefined {
  if (clause.unknown) return undefined;
  const k = lower(clause.key);
  if (!(k in request)) return undefined;
  const value = request[k];
  const { set, base, ifExists } = splitOperator(clause.operator);
  const negated = base in NEGATED;
  if (value === null) {
    if (base === 'null') return clause.values.includes('true');
    return ifExists || negated || set === 'forallvalues';
  }
  if (base === 'null') return clause.values.includes('false');
  const positive = negated ? POSITIVE_OF[base] : base;
  let match: boolean;
  if (positive === 'stringequals' || positive === 'binaryequals')
    match = clause.values.includes(value);
  else if (positive === 'stringequalsignorecase')
    match = clause.values.some(v => lower(v) === lower(value));
  else if (['stringlike', 'arnequals', 'arnlike'].includes(positive))
    match = clause.values.some(v => wildcardMatch(v, value));
  else if (positive === 'bool')
    match = clause.values.some(v => lower(v) === lower(value));
  else return undefined;
  return negated ? !match : match;
}
