import type { JsonObject } from '@backstage/config';

/**
 * The role the sandbox's accounts are read through (moto lets any role be assumed in any account).
 *
 * @public
 */
export const SANDBOX_ROLE_NAME = 'dynamodb-encryption-reader';

/**
 * Config that reaches the local AWS sandbox (the moto server at `endpoint`) the way production reaches
 * AWS: static main-account credentials, and a role assumed with STS in each account (`accountIds`, as
 * `aws.accounts`; without them, in any account through `aws.accountDefaults`). Because
 * `@backstage/integration-aws-node` builds its own STS client, this also sets the AWS SDK's standard
 * `AWS_ENDPOINT_URL_STS` for the current process, as the scripts do for the portal. For the sandbox, its
 * seeding and tests only.
 *
 * @public
 */
export function sandboxAwsConfig(
  endpoint: string,
  options: { accountIds?: string[]; config?: JsonObject } = {},
): JsonObject {
  process.env.AWS_ENDPOINT_URL_STS = endpoint;
  const base = options.config ?? {};
  const product = (base.dynamodbEncryption ?? {}) as JsonObject;
  return {
    ...base,
    dynamodbEncryption: { ...product, awsEndpoint: endpoint },
    aws: {
      mainAccount: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      ...(options.accountIds
        ? {
            accounts: options.accountIds.map(accountId => ({
              accountId,
              roleName: SANDBOX_ROLE_NAME,
            })),
          }
        : { accountDefaults: { roleName: SANDBOX_ROLE_NAME } }),
    },
  };
}
