/**
 * Whether a KMS key policy lets DynamoDB use the key in a region:
 * - `allowed`: a statement allows the DynamoDB actions, conditioned on `kms:ViaService` for DynamoDB there;
 * - `undetermined`: no such statement, but the policy delegates to IAM (the account root with `kms:*`), so
 *   IAM policies decide, which the key policy alone cannot tell;
 * - `not-allowed`: neither.
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

type Statement = {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

const list = (v: string | string[] | undefined): string[] => [v ?? []].flat();

function actionMatches(patterns: string[], action: string): boolean {
  return patterns.some(p => {
    const re = new RegExp(
      `^${p
        .split('*')
        .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    );
    return re.test(action);
  });
}

function viaDynamoDb(
  condition: Statement['Condition'],
  region: string,
): boolean {
  if (!condition) return false;
  const exact = `dynamodb.${region}.amazonaws.com`;
  for (const [operator, clauses] of Object.entries(condition)) {
    const values = list(clauses['kms:ViaService'] ?? clauses['kms:viaservice']);
    if (/^StringEquals/i.test(operator) && values.includes(exact)) return true;
    if (
      /^StringLike/i.test(operator) &&
      values.some(v =>
        new RegExp(`^${v.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`).test(
          exact,
        ),
      )
    )
      return true;
  }
  return false;
}

function isRootDelegation(s: Statement): boolean {
  const principal = s.Principal as
    | { AWS?: string | string[] }
    | string
    | undefined;
  const aws = typeof principal === 'object' ? list(principal.AWS) : [];
  return (
    s.Effect === 'Allow' &&
    aws.some(a => /:root$/.test(a) || /^\d{12}$/.test(a)) &&
    list(s.Action).includes('kms:*')
  );
}

/**
 * Analyses a key policy document (GetKeyPolicy's `Policy`) for DynamoDB's use of the key in `region`.
 *
 * @public
 */
export function analyzeKeyPolicy(
  policy: string | undefined,
  region: string,
): KeyPolicyAnalysis {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(policy ?? '');
    statements = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : [parsed.Statement].filter(Boolean);
  } catch {
    return {
      verdict: 'undetermined',
      reason: 'The key policy could not be read',
    };
  }
  const allows = statements.filter(s => s.Effect === 'Allow');
  if (
    allows.some(
      s =>
        NEEDED.every(a => actionMatches(list(s.Action), a)) &&
        viaDynamoDb(s.Condition, region),
    )
  ) {
    return {
      verdict: 'allowed',
      reason: `A statement allows DynamoDB in ${region} to use the key (kms:ViaService)`,
    };
  }
  if (allows.some(isRootDelegation)) {
    return {
      verdict: 'undetermined',
      reason:
        'The key policy delegates to IAM (account root with kms:*): IAM policies decide whether DynamoDB callers may use the key',
    };
  }
  return {
    verdict: 'not-allowed',
    reason: `No statement lets DynamoDB in ${region} use the key`,
  };
}
