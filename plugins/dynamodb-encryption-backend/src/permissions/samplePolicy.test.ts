import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  dynamoDbEncryptionFleetReadPermission,
  dynamoDbEncryptionFleetScanPermission,
  dynamoDbEncryptionTableReadPermission,
} from '@dynamodb-encryption/backstage-plugin-common';
import { membershipUserInfo } from '../__testUtils__/policyPermissions';
import { DynamoDbEncryptionSamplePolicy } from './samplePolicy';

const userInfo = membershipUserInfo({
  'user:default/pat': ['group:default/platform-team'],
  'user:default/alice': ['group:default/orders-team'],
  'user:default/sam': ['group:default/security-team'],
});
const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

function as(policy: DynamoDbEncryptionSamplePolicy, ref?: string) {
  return (permission: Parameters<typeof policy.handle>[0]['permission']) => {
    const credentials = mockCredentials.user(ref);
    return policy.handle(
      { permission },
      ref
        ? {
            credentials,
            info: { userEntityRef: ref, ownershipEntityRefs: [] },
          }
        : undefined,
    );
  };
}

describe('DynamoDbEncryptionSamplePolicy', () => {
  const policy = new DynamoDbEncryptionSamplePolicy({ userInfo });

  it('gives the platform team everything, the whole fleet included', async () => {
    const pat = as(policy, 'user:default/pat');
    for (const permission of [
      dynamoDbEncryptionFleetReadPermission,
      dynamoDbEncryptionFleetScanPermission,
      dynamoDbEncryptionTableReadPermission,
      catalogRead,
    ])
      expect(await pat(permission)).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets anyone else read the fleet rows they own, from their ownership refs, and not scan', async () => {
    const alice = as(policy, 'user:default/alice');
    expect(await alice(dynamoDbEncryptionFleetReadPermission)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'dynamodb-encryption',
      resourceType: 'dynamodb-fleet-table',
      conditions: {
        rule: 'isOwnedBy',
        resourceType: 'dynamodb-fleet-table',
        params: {
          claims: ['user:default/alice', 'group:default/orders-team'],
        },
      },
    });
    expect(await alice(dynamoDbEncryptionFleetScanPermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
    // What the fleet does not guard stays as the allow-all policy had it.
    expect(await alice(dynamoDbEncryptionTableReadPermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await alice(catalogRead)).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies the fleet without a user, and takes other fleet-wide groups when told', async () => {
    const nobody = as(policy);
    expect(await nobody(dynamoDbEncryptionFleetReadPermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await nobody(catalogRead)).toEqual({
      result: AuthorizeResult.ALLOW,
    });

    const security = new DynamoDbEncryptionSamplePolicy({
      userInfo,
      fleetWideGroups: [
        'group:default/platform-team',
        'Group:default/Security-Team',
      ],
    });
    expect(
      await as(
        security,
        'user:default/sam',
      )(dynamoDbEncryptionFleetReadPermission),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      (
        await as(
          security,
          'user:default/alice',
        )(dynamoDbEncryptionFleetReadPermission)
      ).result,
    ).toBe(AuthorizeResult.CONDITIONAL);
  });
});
