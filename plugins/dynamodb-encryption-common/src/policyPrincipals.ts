/**
 * The `Principal` and `NotPrincipal` elements of a key policy statement and a grant's grantee, read the way
 * the IAM policy language defines them.
 */

/**
 * Who an entry is about: every principal (`"*"`, `{"AWS": "*"}`, or all but a `NotPrincipal`), a whole
 * account (an account id or `arn:aws:iam::<account>:root`, which delegates to the account's IAM), one IAM
 * principal (a role, user, assumed-role session or federated principal), or an AWS service principal.
 *
 * @public
 */
export type KeyPrincipalKind =
  | 'any-principal'
  | 'account'
  | 'iam-principal'
  | 'service';

/** One principal, as written, with what it means. @public */
export interface PrincipalRef {
  principal: string;
  kind: KeyPrincipalKind;
  accountId?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;
const IAM_ARN = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;

/**
 * Reads one AWS principal value (or a grantee): `*`, an account id, an account root ARN, an IAM or STS ARN,
 * a service principal (`<name>.amazonaws.com`) or a unique id (a deleted principal's). A wildcard anywhere
 * else is not valid in a principal: the reason is returned instead.
 *
 * @public
 */
export function readPrincipal(
  value: string,
  type: 'AWS' | 'Service' | 'Federated' = 'AWS',
): PrincipalRef | { problem: string } {
  if (type === 'Service') {
    return value.includes('*')
      ? { problem: `service principal ${value} has a wildcard` }
      : { principal: value, kind: 'service' };
  }
  if (value === '*') return { principal: value, kind: 'any-principal' };
  if (value.includes('*'))
    return { problem: `principal ${value} has a wildcard, not valid there` };
  if (ACCOUNT_ID.test(value))
    return { principal: value, kind: 'account', accountId: value };
  const root = ROOT.exec(value);
  if (root) return { principal: value, kind: 'account', accountId: root[1] };
  const iam = IAM_ARN.exec(value);
  if (iam)
    return { principal: value, kind: 'iam-principal', accountId: iam[1] };
  if (type === 'AWS' && /\.amazonaws\.com(\.cn)?$/.test(value))
    return { principal: value, kind: 'service' };
  return { principal: value, kind: 'iam-principal' };
}

/**
 * The principals a `Principal` or `NotPrincipal` element names, and what could not be read.
 *
 * @public
 */
export function readPrincipalElement(element: unknown): {
  principals: PrincipalRef[];
  problems: string[];
} {
  const principals: PrincipalRef[] = [];
  const problems: string[] = [];
  if (element === '*')
    return { principals: [readPrincipal('*') as PrincipalRef], problems };
  if (typeof element !== 'object' || element === null) {
    return {
      principals,
      problems: ['the principal element is not "*" or an object'],
    };
  }
  for (const [type, values] of Object.entries(element)) {
    if (type !== 'AWS' && type !== 'Service' && type !== 'Federated') {
      problems.push(`${type} principals are not used by KMS`);
      continue;
    }
    for (const value of [values ?? []].flat()) {
      const read = readPrincipal(String(value), type);
      if ('problem' in read) problems.push(read.problem);
      else principals.push(read);
    }
  }
  return { principals, problems };
}

/**
 * True when `ref` (a principal named in a statement) covers the principal of `entry`: every principal, the
 * same principal, or the account of an IAM principal.
 *
 * @public
 */
export function covers(ref: PrincipalRef, entry: PrincipalRef): boolean {
  if (ref.kind === 'any-principal') return true;
  if (entry.kind === 'any-principal') return false;
  if (ref.kind === 'account')
    return entry.kind !== 'service' && entry.accountId === ref.accountId;
  return ref.principal === entry.principal;
}
