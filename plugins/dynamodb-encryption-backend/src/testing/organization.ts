import {
  MAIN_ACCOUNT_ACTIONS,
  TARGET_ACCOUNT_ACTIONS,
} from '@dynamodb-encryption/backstage-plugin-node';
import { motoCall } from './moto';

/** moto's default account: where static credentials act, so the organization's management account. */
export const MAIN_ACCOUNT = '123456789012';
export const READER_ROLE = 'dynamodb-encryption-reader';
export const readerRoleArn = (account: string) =>
  `arn:aws:iam::${account}:role/${READER_ROLE}`;

/** An organization managed by the main account, with a member account per name (moto gives random ids). */
export async function createOrganization(
  port: number,
  names: string[],
): Promise<string[]> {
  await motoCall(port, 'organizations', 'CreateOrganization', {
    FeatureSet: 'ALL',
  });
  const ids: string[] = [];
  for (const name of names)
    ids.push(
      JSON.parse(
        await motoCall(port, 'organizations', 'CreateAccount', {
          AccountName: name,
          Email: `${name}@example.com`,
        }),
      ).CreateAccountStatus.AccountId,
    );
  return ids;
}

/**
 * IAM as production has it: the reader role in each account, trusting the main account and granting
 * exactly the actions the docs list, and the portal's own user with its access key. `allowAssumeRoleIn`
 * sets which accounts' roles the portal may assume (IAM enforcement is paused while the policy changes,
 * then on).
 */
export async function createPortalIam(port: number, accounts: string[]) {
  for (const account of accounts) {
    await motoCall(
      port,
      'iam',
      'CreateRole',
      {
        RoleName: READER_ROLE,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${MAIN_ACCOUNT}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      },
      account,
    );
    await motoCall(
      port,
      'iam',
      'PutRolePolicy',
      {
        RoleName: READER_ROLE,
        PolicyName: 'read-encryption',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              // moto prefixes actions with the signing name, which for the Tagging API is `tagging`, not
              // IAM's `tag`: the one alias the sandbox needs.
              Action: [...TARGET_ACCOUNT_ACTIONS, 'tagging:GetResources'],
              Resource: '*',
            },
          ],
        },
      },
      account,
    );
  }
  await motoCall(port, 'iam', 'CreateUser', { UserName: 'backstage' });
  const created = await motoCall(port, 'iam', 'CreateAccessKey', {
    UserName: 'backstage',
  });
  const accessKeyId = /<AccessKeyId>(.+?)</.exec(created)![1];
  const secretAccessKey = /<SecretAccessKey>(.+?)</.exec(created)![1];
  const authAfter = (requests: number) =>
    fetch(`http://127.0.0.1:${port}/moto-api/reset-auth`, {
      method: 'POST',
      body: String(requests),
    });
  return {
    accessKeyId,
    secretAccessKey,
    async allowAssumeRoleIn(allowed: string[]) {
      await authAfter(1_000_000);
      await motoCall(port, 'iam', 'PutUserPolicy', {
        UserName: 'backstage',
        PolicyName: 'portal',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: MAIN_ACCOUNT_ACTIONS.filter(a => a !== 'sts:AssumeRole'),
              Resource: '*',
            },
            ...(allowed.length
              ? [
                  {
                    Effect: 'Allow',
                    Action: 'sts:AssumeRole',
                    Resource: allowed.map(readerRoleArn),
                  },
                ]
              : []),
          ],
        },
      });
      // From here on moto checks every request's signature and IAM policies.
      await authAfter(0);
    },
  };
}
