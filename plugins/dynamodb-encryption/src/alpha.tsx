import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import LockIcon from '@material-ui/icons/Lock';
import {
  dynamoDbEncryptionApiRef,
  DynamoDbEncryptionClient,
} from './api/DynamoDbEncryptionApi';
import {
  canDependOnDynamoDbTables,
  isDynamoDbEncryptionAvailable,
} from './components/isDynamoDbEncryptionAvailable';

const dynamoDbEncryptionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dynamoDbEncryptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DynamoDbEncryptionClient(deps),
    }),
});

const encryptionCard = EntityCardBlueprint.make({
  name: 'encryption',
  params: {
    filter: isDynamoDbEncryptionAvailable,
    loader: () =>
      import('./components/EncryptionCard/EncryptionCard').then(m => (
        <m.EncryptionCard />
      )),
  },
});

const encryptionContent = EntityContentBlueprint.make({
  name: 'encryption',
  params: {
    path: '/dynamodb-encryption',
    title: 'Encryption',
    filter: isDynamoDbEncryptionAvailable,
    loader: () =>
      import('./components/EncryptionContent/EncryptionContent').then(m => (
        <m.EncryptionContent />
      )),
  },
});

const dependentTablesCard = EntityCardBlueprint.make({
  name: 'tables',
  params: {
    filter: canDependOnDynamoDbTables,
    loader: () =>
      import('./components/DependentTablesCard/DependentTablesCard').then(m => (
        <m.DependentTablesCard />
      )),
  },
});

const kmsKeyPickerField = FormFieldBlueprint.make({
  name: 'kms-key-picker',
  params: {
    field: () =>
      import('./components/KmsKeyPicker/field').then(
        m => m.kmsKeyPickerFormField,
      ),
  },
});

const fleetRouteRef = createRouteRef();

const fleetPage = PageBlueprint.make({
  params: {
    path: '/dynamodb-encryption',
    routeRef: fleetRouteRef,
    title: 'DynamoDB encryption',
    icon: <LockIcon />,
    loader: () =>
      import('./components/FleetPage/FleetPage').then(m => <m.FleetPage />),
  },
});

export { DynamoDbEncryptionNavItem } from './components/FleetPage/FleetAccess';

/**
 * The DynamoDB encryption plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'dynamodb-encryption',
  routes: { fleet: fleetRouteRef },
  extensions: [
    dynamoDbEncryptionApi,
    encryptionCard,
    encryptionContent,
    dependentTablesCard,
    kmsKeyPickerField,
    fleetPage,
  ],
});
