import { evaluateClause } from './policyConditions';
import {
  Allowance,
  evaluateStatements,
  policyStatements,
} from './policyStatements';

/**
 * Whether a KMS key policy lets DynamoDB use the key in a region:
 * - `allowed`: a statement allows the DynamoDB actions to DynamoDB's callers there, its conditions met
 *   (typically `kms:ViaService` for DynamoDB), or to any principal without a condition;
 * - `undetermined`: the policy alone cannot tell: it delegates to IAM (the account root), or allows any
 *   principal under conditions that depend on the caller;
 * - `not-allowed`: no statement allows it.
 *
 * @public
 */
export type KeyPolicyVerdict = 'allowed' | 'undetermined' | 'not-allowed';

/** @public */
export interface KeyPolicyAnalysis {
  verdict: KeyPolicyVerdict;
  reason: string;
}

const NEEDED = ['kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey'];

/** Whether the allowance's conditions hold for DynamoDB's calls: true, false, or unknown. */
function holdsForDynamoDb(
  a: Allowance,
  request: Record<string, string | null>,
): boolean | undefined {
  const results = a.clauses.map(c => evaluateClause(c, request));
  if (results.includes(false)) return false;
  if (a.problems.length || a.denyNarrowing.length) return undefined;
  return results.every(r => r === true) ? true : undefined;
}

/**
 * Analyses a key policy document (GetKeyPolicy's `Policy`) for DynamoDB's use of the key in `region`.
 * `callerAccountId` (the table's account) settles `kms:CallerAccount`; `keyAccountId` tells the key's own
 * account root (a delegation to IAM) from another account's. Explicit Denies apply.
 *
 * @public
 */
export function analyzeKeyPolicy(
  policy: string | undefined,
  region: string,
  options: { keyAccountId?: string; callerAccountId?: string } = {},
): KeyPolicyAnalysis {
  const statements = policyStatements(policy);
  if ('problem' in statements) {
    return {
      verdict: 'undetermined',
      reason: 'The key policy could not be read',
    };
  }
  const request: Record<string, string | null> = {
    'kms:viaservice': `dynamodb.${region}.amazonaws.com`,
  };
  if (options.callerAccountId)
    request['kms:calleraccount'] = options.callerAccountId;
  const homes = [options.keyAccountId, options.callerAccountId].filter(Boolean);
  // The actions may come from several statements: DynamoDB needs each of them allowed by one.
  const covered = (as: Allowance[]) =>
    NEEDED.every(n => as.some(a => a.actions.includes(n)));
  const sources = (as: Allowance[]) =>
    [...new Set(as.map(a => a.source))].join(', ');
  const judged = evaluateStatements(statements, NEEDED)
    .allowances.map(a => ({ a, holds: holdsForDynamoDb(a, request) }))
    .filter(j => j.holds !== false);
  const via = (a: Allowance) =>
    a.clauses.some(c => /^kms:viaservice$/i.test(c.key));
  // DynamoDB's callers: any principal, or whoever a statement lets in through DynamoDB.
  const forCallers = judged.filter(
    j => j.a.kind === 'any-principal' || via(j.a),
  );
  const certain = forCallers.filter(j => j.holds).map(j => j.a);
  if (covered(certain)) {
    return {
      verdict: 'allowed',
      reason: certain.every(via)
        ? `A statement allows DynamoDB in ${region} to use the key (kms:ViaService, ${sources(
            certain,
          )})`
        : `Statement ${sources(
            certain,
          )} lets any principal use the key, DynamoDB's callers included`,
    };
  }
  const delegations = judged
    .map(j => j.a)
    .filter(
      a =>
        a.kind === 'account' && (!homes.length || homes.includes(a.accountId)),
    );
  const uncertain = forCallers.filter(j => !j.holds).map(j => j.a);
  if (covered([...forCallers.map(j => j.a), ...delegations])) {
    return {
      verdict: 'undetermined',
      reason: uncertain.length
        ? `Statement ${sources(uncertain)} allows ${
            uncertain[0].principal
          } under conditions the key policy alone cannot settle for DynamoDB's callers`
        : `The key policy delegates to IAM (${delegations[0].principal} in ${delegations[0].source}): IAM policies decide whether DynamoDB callers may use the key`,
    };
  }
  return {
    verdict: 'not-allowed',
    reason: `No statement lets DynamoDB in ${region} use the key`,
  };
}
