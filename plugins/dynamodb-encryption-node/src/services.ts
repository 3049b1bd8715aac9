import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  createTableAssessmentService,
  TableAssessmentService,
} from './assessmentService';
import { AwsClientFactory, createAwsClientFactory } from './awsClients';
import { createKmsKeyService, KmsKeyService } from './kmsKeyService';

/**
 * AWS SDK clients per account and region, from `aws.accounts` (or the sandbox endpoint). Root scoped: the
 * backend plugin and the scaffolder module share one set of clients and credentials.
 *
 * @public
 */
export const awsClientFactoryServiceRef = createServiceRef<AwsClientFactory>({
  id: 'dynamodb-encryption.aws-clients',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        createAwsClientFactory(config, { logger }),
    }),
});

/**
 * KMS keys for the form and key references resolved for the scaffolder actions.
 *
 * @public
 */
export const kmsKeyServiceRef = createServiceRef<KmsKeyService>({
  id: 'dynamodb-encryption.kms-keys',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) => createKmsKeyService(clients),
    }),
});

/**
 * Reads a table from AWS and returns the one assessment.
 *
 * @public
 */
export const tableAssessmentServiceRef =
  createServiceRef<TableAssessmentService>({
    id: 'dynamodb-encryption.table-assessment',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { clients: awsClientFactoryServiceRef },
        factory: ({ clients }) => createTableAssessmentService(clients),
      }),
  });
