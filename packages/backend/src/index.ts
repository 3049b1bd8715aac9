import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The sandbox's second sign-in, a payments engineer (only when auth.providers.sandbox-member is set).
backend.add(import('./sandboxMemberProvider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Tables the fleet scan found that no one declared, as Resource entities.
backend.add(
  import('@dynamodb-encryption/backstage-plugin-catalog-backend-module'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// The platform team sees the whole fleet, everyone else the tables they own (docs/production.md).
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
// publish:github:pull-request, for templates that publish to a GitOps repository on GitHub.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@dynamodb-encryption/backstage-plugin-scaffolder-backend-module'),
);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// Findings sent to table owners (dynamodbEncryption.notifications), read in the app's notifications page.
backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(import('@dynamodb-encryption/backstage-plugin-backend'));

// Scorecards: Tech Insights with the DynamoDB encryption facts; the module also sets the JSON rules engine
// with the configured checks and the ones it ships (in place of the -module-jsonfc module).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@dynamodb-encryption/backstage-plugin-tech-insights-backend-module'),
);

// The actions registry's actions (backend.actions.pluginSources) as MCP tools for AI assistants.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
