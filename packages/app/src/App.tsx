import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import dynamoDbEncryptionPlugin from '@internal/plugin-dynamodb-encryption/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    dynamoDbEncryptionPlugin,
    navModule,
  ],
});
