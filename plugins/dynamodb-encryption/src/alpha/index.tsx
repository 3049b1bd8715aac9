import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { dynamoDbEncryptionApi } from './api';
import {
  dependentTablesCard,
  encryptionCard,
  encryptionContent,
  scorecardCard,
} from './entity';
import {
  adoptionPreviewField,
  keyChangePreviewField,
  kmsKeyPickerField,
  tableNameField,
  tablePreviewField,
} from './fields';
import { scaffolderTemplateRouteRef } from '../components/templateLink';
import { fleetPage, fleetRouteRef } from './fleetPage';

export { DynamoDbEncryptionNavItem } from '../components/FleetPage/FleetAccess';

/**
 * The DynamoDB encryption plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'dynamodb-encryption',
  routes: { fleet: fleetRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  extensions: [
    dynamoDbEncryptionApi,
    encryptionCard,
    encryptionContent,
    dependentTablesCard,
    scorecardCard,
    kmsKeyPickerField,
    tableNameField,
    tablePreviewField,
    adoptionPreviewField,
    keyChangePreviewField,
    fleetPage,
  ],
});
