import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  dynamoDbEncryptionFleetReadPermission,
  dynamoDbEncryptionFleetScanPermission,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createDynamoDbFleetTableConditionalDecision,
  dynamoDbFleetTableConditions,
} from './fleetTableRules';

/**
 * Options of `DynamoDbEncryptionSamplePolicy`.
 *
 * @public
 */
export interface DynamoDbEncryptionSamplePolicyOptions {
  /** Reads the signed-in user's ownership entity refs (the user and the groups they are a member of). */
  userInfo: UserInfoService;
  /**
   * Groups whose members read and scan the whole fleet. Default: `group:default/platform-team`.
   */
  fleetWideGroups?: string[];
}

/**
 * A sample permission policy with owner-scoped fleet views:
 *
 * - members of the fleet-wide groups (the platform team by default) may do everything;
 * - any other signed-in user reads the fleet rows their ownership entity refs own (a conditional
 *   `isOwnedBy` decision on `dynamodb-encryption.fleet.read`), and may not start a fleet scan;
 * - every other permission (catalog, scaffolder, a table's report, the key picker) is allowed, as by the
 *   allow-all policy: write your own rules for those.
 *
 * Install it in the backend with a module of the `permission` plugin that calls `policy.setPolicy` (see
 * the package README).
 *
 * @public
 */
export class DynamoDbEncryptionSamplePolicy implements PermissionPolicy {
  private readonly userInfo: UserInfoService;
  private readonly fleetWideGroups: Set<string>;

  constructor(options: DynamoDbEncryptionSamplePolicyOptions) {
    this.userInfo = options.userInfo;
    this.fleetWideGroups = new Set(
      (options.fleetWideGroups ?? ['group:default/platform-team']).map(g =>
        g.toLocaleLowerCase('en-US'),
      ),
    );
  }

  /** Decides one permission for the user (none for a request without one). */
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const read = isPermission(
      request.permission,
      dynamoDbEncryptionFleetReadPermission,
    );
    const scan = isPermission(
      request.permission,
      dynamoDbEncryptionFleetScanPermission,
    );
    if (!read && !scan) return { result: AuthorizeResult.ALLOW };
    // Service-to-service calls never reach a policy; without a user there is no one to scope the fleet to.
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const fleetWide = ownershipEntityRefs.some(ref =>
      this.fleetWideGroups.has(ref.toLocaleLowerCase('en-US')),
    );
    if (fleetWide) return { result: AuthorizeResult.ALLOW };
    if (!read) return { result: AuthorizeResult.DENY };
    return createDynamoDbFleetTableConditionalDecision(
      dynamoDbEncryptionFleetReadPermission,
      dynamoDbFleetTableConditions.isOwnedBy({ claims: ownershipEntityRefs }),
    );
  }
}
