import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  awsClientFactoryServiceRef,
  createDynamoDbEncryptionClient,
  kmsKeyServiceRef,
} from '@dynamodb-encryption/backstage-plugin-node';
import { createAdoptTableAction } from './actions/adoptTable';
import { createApplicationAction } from './actions/createApplication';
import { createLocalGitPublishAction } from './actions/publishLocalGit';
import { createValidateEncryptionAction } from './actions/validateEncryption';
import { createVerifyKmsKeyAction } from './actions/verifyKmsKey';
import { createUpdateEncryptionAction } from './actions/updateEncryption';

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
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        keys: kmsKeyServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        clients: awsClientFactoryServiceRef,
      },
      async init({
        scaffolder,
        config,
        keys,
        catalog,
        urlReader,
        clients,
        discovery,
        auth,
      }) {
        const options = {
          keys,
          defaultAccountId: config.getOptionalString(
            'dynamodbEncryption.defaultAccountId',
          ),
          rotation: (config.getOptionalString(
            'dynamodbEncryption.scaffolder.rotation',
          ) ?? 'warn') as 'warn' | 'fail',
        };
        scaffolder.addActions(
          createValidateEncryptionAction(),
          createVerifyKmsKeyAction(options),
          createApplicationAction(options),
          createLocalGitPublishAction({
            directory: config.getOptionalString(
              'dynamodbEncryption.localGitops.directory',
            ),
            baseUrl: config.getOptionalString(
              'dynamodbEncryption.localGitops.baseUrl',
            ),
          }),
        );
        // Adoption reads through the backend plugin's preview, so the preview and the commit are one answer.
        scaffolder.addActions(
          createAdoptTableAction({
            client: createDynamoDbEncryptionClient({ discovery, auth }),
          }),
        );
        scaffolder.addActions(
          createUpdateEncryptionAction({
            catalog,
            urlReader,
            clients,
            keys,
            // Tells the backend plugin, so the table's page follows the change closely.
            client: createDynamoDbEncryptionClient({ discovery, auth }),
            localGitopsBaseUrl: config.getOptionalString(
              'dynamodbEncryption.localGitops.baseUrl',
            ),
          }),
        );
      },
    });
  },
});
