import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  dynamoDbEncryptionApiRef,
  DynamoDbEncryptionClient,
} from './api/DynamoDbEncryptionApi';
import {
  KmsKeyPicker,
  kmsKeyPickerValidation,
} from './components/KmsKeyPicker/KmsKeyPicker';
import {
  TableNameField,
  tableNameValidation,
} from './components/TableNameField/TableNameField';
import {
  KeyChangePreviewField,
  keyChangePreviewValidation,
} from './components/KeyChangePreviewField/KeyChangePreviewField';
import { TablePreviewField } from './components/TablePreviewField/TablePreviewField';
import {
  AdoptionPreviewField,
  adoptionPreviewValidation,
} from './components/AdoptionPreviewField/AdoptionPreviewField';

/**
 * The DynamoDB encryption plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const fleetRouteRef = createRouteRef({
  id: 'dynamodb-encryption:fleet',
});

/** @public */
export const dynamoDbEncryptionPlugin = createPlugin({
  id: 'dynamodb-encryption',
  routes: { fleet: fleetRouteRef },
  apis: [
    createApiFactory({
      api: dynamoDbEncryptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DynamoDbEncryptionClient(deps),
    }),
  ],
});

/**
 * Entity card showing what protects a DynamoDB table.
 *
 * @public
 */
export const EntityDynamoDbEncryptionCard: () => JSX.Element =
  dynamoDbEncryptionPlugin.provide(
    createComponentExtension({
      name: 'EntityDynamoDbEncryptionCard',
      component: {
        lazy: () =>
          import('./components/EncryptionCard/EncryptionCard').then(
            m => m.EncryptionCard,
          ),
      },
    }),
  );

/**
 * Entity tab content: the whole encryption report of a DynamoDB table.
 *
 * @public
 */
export const EntityDynamoDbEncryptionContent: () => JSX.Element =
  dynamoDbEncryptionPlugin.provide(
    createComponentExtension({
      name: 'EntityDynamoDbEncryptionContent',
      component: {
        lazy: () =>
          import('./components/EncryptionContent/EncryptionContent').then(
            m => m.EncryptionContent,
          ),
      },
    }),
  );

/**
 * Entity card for Components and Systems: the DynamoDB tables they depend on.
 *
 * @public
 */
export const EntityDynamoDbTablesCard: () => JSX.Element =
  dynamoDbEncryptionPlugin.provide(
    createComponentExtension({
      name: 'EntityDynamoDbTablesCard',
      component: {
        lazy: () =>
          import('./components/DependentTablesCard/DependentTablesCard').then(
            m => m.DependentTablesCard,
          ),
      },
    }),
  );

/**
 * Scaffolder field `KmsKeyPicker`: a live picker of the customer managed keys of the form's account and region.
 *
 * @public
 */
export const KmsKeyPickerFieldExtension = dynamoDbEncryptionPlugin.provide(
  createScaffolderFieldExtension({
    name: 'KmsKeyPicker',
    component: KmsKeyPicker,
    validation: kmsKeyPickerValidation,
  }),
);

/**
 * Scaffolder field `DynamoDbTableName`: the table name, checked by the backend while typing.
 *
 * @public
 */
export const TableNameFieldExtension = dynamoDbEncryptionPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DynamoDbTableName',
    component: TableNameField,
    validation: tableNameValidation as any,
  }),
);

/**
 * Scaffolder field `DynamoDbTablePreview`: key type, estimated cost and the files the task will commit.
 *
 * @public
 */
export const TablePreviewFieldExtension = dynamoDbEncryptionPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DynamoDbTablePreview',
    component: TablePreviewField,
  }),
);

/**
 * Scaffolder field `DynamoDbAdoptionPreview`: what adopting a discovered table commits, what its Application
 * cannot declare, or why the adoption is refused (which blocks Create).
 *
 * @public
 */
export const AdoptionPreviewFieldExtension = dynamoDbEncryptionPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DynamoDbAdoptionPreview',
    component: AdoptionPreviewField,
    validation: adoptionPreviewValidation as any,
  }),
);

/**
 * Scaffolder field `DynamoDbKeyChangePreview`: the Application's diff, the cost before and after and the key
 * switch limit of a key change; a refused change blocks Create with its reasons.
 *
 * @public
 */
export const KeyChangePreviewFieldExtension = dynamoDbEncryptionPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DynamoDbKeyChangePreview',
    component: KeyChangePreviewField,
    validation: keyChangePreviewValidation as any,
  }),
);

/**
 * The platform dashboard page: every scanned table across accounts and regions.
 *
 * @public
 */
export const DynamoDbEncryptionFleetPage: () => JSX.Element =
  dynamoDbEncryptionPlugin.provide(
    createRoutableExtension({
      name: 'DynamoDbEncryptionFleetPage',
      component: () =>
        import('./components/FleetPage/FleetPage').then(m => m.FleetPage),
      mountPoint: fleetRouteRef,
    }),
  );
