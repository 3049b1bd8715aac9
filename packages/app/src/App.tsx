import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import dynamoDbEncryptionPlugin from '@dynamodb-encryption/backstage-plugin/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    dynamoDbEncryptionPlugin,
    // Listed, not left to app.packages discovery: the fleet pages and the notifications' unread count
    // update through the signals plugin's API (signalApiRef); the notifications page is /notifications.
    signalsPlugin,
    notificationsPlugin,
    navModule,
    signInModule,
  ],
});
