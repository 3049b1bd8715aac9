import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateEncryptionAction } from './actions/validateEncryption';

/**
 * Scaffolder actions for encrypted DynamoDB tables.
 *
 * @public
 */
export const scaffolderModuleDynamoDbEncryption = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'dynamodb-encryption',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createValidateEncryptionAction());
      },
    });
  },
});
