/**
 * Every IAM action the portal calls in a target account (the role it assumes there): the fleet scan, the
 * per-table report, the form's key picker and adoption's read of a table. All read-only. Tests grant
 * exactly these to the sandbox's roles with IAM enforcement on, so a call missing here fails there.
 *
 * @public
 */
export const TARGET_ACCOUNT_ACTIONS = [
  'dynamodb:ListTables',
  'dynamodb:DescribeTable',
  'dynamodb:ListTagsOfResource',
  // Adoption reads what the ACK controller will compare (continuous backups, time to live, resource policy).
  'dynamodb:DescribeContinuousBackups',
  'dynamodb:DescribeTimeToLive',
  'dynamodb:GetResourcePolicy',
  'tag:GetResources',
  'kms:ListKeys',
  'kms:DescribeKey',
  'kms:ListAliases',
  'kms:GetKeyRotationStatus',
  'kms:GetKeyPolicy',
  'kms:ListGrants',
] as const;

/**
 * The IAM actions the portal's own (main account) credentials need: listing the organization's accounts
 * (management account or delegated administrator) and assuming the role in each.
 *
 * @public
 */
export const MAIN_ACCOUNT_ACTIONS = [
  'organizations:ListAccounts',
  'sts:AssumeRole',
] as const;

export { EVENT_QUEUE_ACTIONS } from '@dynamodb-encryption/backstage-plugin-common';
