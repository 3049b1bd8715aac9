import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  DefinitivePolicyDecision,
  Permission,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';

/** Users and the groups they are members of; ownership entity refs are the user and their groups. */
export function membershipUserInfo(
  memberships: Record<string, string[]>,
): UserInfoService {
  return {
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(memberships[userEntityRef] ?? []),
        ],
      };
    },
  };
}

/**
 * A permissions service that asks `policy`, as the permission backend does: for a user, with their user
 * info; a service is allowed without asking. `authorizeConditional` hands the policy's decision back as it
 * is (conditions included), `authorize` refuses a conditional decision without a resource to apply it to.
 * Its `factory` installs it in a test backend.
 */
export function policyPermissions(
  policy: PermissionPolicy,
  userInfo: UserInfoService,
) {
  const decide = async (
    permission: Permission,
    credentials: BackstageCredentials,
  ) => {
    const principal = credentials.principal as { type: string };
    if (principal.type === 'service') return { result: AuthorizeResult.ALLOW };
    const user =
      principal.type === 'user'
        ? { credentials, info: await userInfo.getUserInfo(credentials) }
        : undefined;
    return policy.handle({ permission }, user);
  };
  return mockServices.permissions.mock({
    authorizeConditional: async (requests, options) =>
      Promise.all(requests.map(r => decide(r.permission, options.credentials))),
    authorize: async (requests, options) =>
      Promise.all(
        requests.map(async r => {
          const decision = await decide(r.permission, options.credentials);
          if (decision.result === AuthorizeResult.CONDITIONAL)
            throw new Error(`${r.permission.name} needs a resource here`);
          return decision as DefinitivePolicyDecision;
        }),
      ),
  });
}
