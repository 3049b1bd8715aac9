import type { Finding } from './report';

/**
 * A few words per finding id, for chips and table cells where the full title does not fit. The full title,
 * detail and remediation stay on the finding.
 */
const SHORT_TITLES: Record<string, string> = {
  'key-disabled': 'Key disabled',
  'key-pending-deletion': 'Key pending deletion',
  'table-inaccessible': 'Table inaccessible',
  'key-policy-denies-dynamodb': 'Key policy blocks DynamoDB',
  'key-policy-undetermined': 'Key policy unclear',
  'key-any-principal': 'Key open to anyone',
  'key-other-account': 'Key open to another account',
  'key-grant-other-account': 'Grant to another account',
  'key-delegated-to-iam': 'Key use decided by IAM',
  'key-use-undetermined': 'Key users unclear',
  'aws-owned-key': 'AWS owned key',
  'unowned-table': 'No owner',
  'kms-access-denied': 'Key unreadable',
  'manifest-unreadable': 'Manifest unreadable',
  'compliance-kms-encryption': 'Not KMS encrypted',
  'compliance-customer-managed-key': 'No customer managed key',
  'compliance-key-rotation': 'Key does not rotate',
};

const POLICY_PREFIX = 'policy-';

/**
 * The short title of a finding: its own `shortTitle`, the one for its id, "Policy <id>" for a fleet policy,
 * or else its title.
 *
 * @public
 */
export function findingShortTitle(finding: Finding): string {
  if (finding.shortTitle) return finding.shortTitle;
  const known = SHORT_TITLES[finding.id];
  if (known) return known;
  if (finding.id.startsWith(POLICY_PREFIX))
    return `Policy ${finding.id.slice(POLICY_PREFIX.length)}`;
  return finding.title;
}
