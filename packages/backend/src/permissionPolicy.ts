import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DynamoDbEncryptionSamplePolicy } from '@dynamodb-encryption/backstage-plugin-backend';

/**
 * The portal's permission policy: the DynamoDB encryption sample policy. Members of
 * `group:default/platform-team` (the sandbox's guest is one) may do everything and see the whole fleet;
 * any other user sees the fleet rows they own and may not start a scan. See docs/production.md.
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'dynamodb-encryption-sample-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DynamoDbEncryptionSamplePolicy({ userInfo }));
      },
    });
  },
});
