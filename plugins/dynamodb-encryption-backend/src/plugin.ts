import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { dynamoDbEncryptionPermissions } from '@dynamodb-encryption/backstage-plugin-common';
import {
  awsClientFactoryServiceRef,
  kmsKeyServiceRef,
  tableAssessmentServiceRef,
} from '@dynamodb-encryption/backstage-plugin-node';
import {
  readCacheConfig,
  readCostConfig,
  readEventsConfig,
  readFleetConfig,
  readNotificationsConfig,
  readTrustedAccounts,
} from './config';
import { createEventApplier } from './events/eventApplier';
import { createEventConsumer } from './events/eventConsumer';
import { createFindingNotifier } from './events/findingNotifier';
import { createFleetChangeEffects } from './events/fleetChangeEffects';
import { createDiscoveryRouter } from './http/discoveryRouter';
import { createKeyChangeRouter } from './http/keyChangeRouter';
import { createKeyChangePreviewService } from './keyChange/keyChangePreview';
import { createAdoptionRouter } from './http/adoptionRouter';
import { createAdoptionService } from './adoption/adoptionService';
import { createFleetRouter, FLEET_SCAN_TASK_ID } from './http/fleetRouter';
import { createRouter } from './http/router';
import { registerEncryptionActions } from './actions/encryptionActions';
import { createEncryptionReportService } from './report/encryptionReportService';
import { createEntityAccess } from './report/entityAccess';
import { createFleetScanner } from './scan/fleetScanner';
import { FleetStore } from './store/fleetStore';
import { AccountTarget } from './scan/fleetTargets';
import { createScorecardFactsService } from './report/scorecardFacts';
import { scheduleTaskExclusively } from './store/startupLock';
import { createTableNameService } from './report/tableNameService';
import {
  createFleetReadAuthorizer,
  registerFleetTableResource,
} from './permissions/fleetReadAccess';

/**
 * The DynamoDB encryption backend plugin: what really protects each table, read from DynamoDB and KMS.
 * Wiring only: the logic lives in the services and in `-node`.
 *
 * @public
 */
export const dynamoDbEncryptionPlugin = createBackendPlugin({
  pluginId: 'dynamodb-encryption',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        actionsRegistry: actionsRegistryServiceRef,
        clients: awsClientFactoryServiceRef,
        keys: kmsKeyServiceRef,
        assessments: tableAssessmentServiceRef,
        lifecycle: coreServices.rootLifecycle,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init(d) {
        d.permissionsRegistry.addPermissions(dynamoDbEncryptionPermissions);
        const fleet = readFleetConfig(d.config);
        const events = readEventsConfig(d.config);
        const configured = fleet.targets.filter(
          (t): t is AccountTarget => 'accountId' in t,
        );
        const cost = readCostConfig(d.config);
        const trustedAccounts = readTrustedAccounts(d.config);
        const store = await FleetStore.create(d.database, {
          retainScans: fleet.retainScans,
          logger: d.logger,
        });
        // Fleet rows are a permission resource: a policy may allow some of them (isOwnedBy, inAccounts).
        registerFleetTableResource(d.permissionsRegistry, store);
        const readAccess = createFleetReadAuthorizer(d);
        const access = createEntityAccess(d);
        const reports = createEncryptionReportService({
          ...d,
          access,
          fleetRow: arn => store.latestRow(arn),
          ...readCacheConfig(d.config),
          context: { ...cost, policies: fleet.policies, trustedAccounts },
        });
        d.httpRouter.use(
          await createRouter({
            ...d,
            reports,
            scorecards: createScorecardFactsService({
              ...d,
              access,
              latestRow: arn => store.latestRow(arn),
            }),
            tableNames: createTableNameService(d),
            cost,
            defaultAccountId: d.config.getOptionalString(
              'dynamodbEncryption.defaultAccountId',
            ),
          }),
        );
        registerEncryptionActions({
          ...d,
          reports,
          readAccess,
          listTables: (query, filter) => store.listTables(query, filter),
        });
        d.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });

        const scanner = createFleetScanner({
          ...d,
          ...fleet,
          store,
          context: { ...cost, trustedAccounts },
        });
        const effects = createFleetChangeEffects({
          ...d,
          store,
          reports,
          notifier: createFindingNotifier({
            ...d,
            ...readNotificationsConfig(d.config),
          }),
        });
        // Global scope, after the configured schedule so config cannot unset it: with several replicas on one
        // database, each scan runs on one of them only.
        await scheduleTaskExclusively(d, {
          id: FLEET_SCAN_TASK_ID,
          ...fleet.schedule,
          scope: 'global',
          fn: async () => {
            // A scan still "running" after the task's own timeout was abandoned by a stopped replica.
            await store.failAbandonedScans(fleet.abandonedAfterMs);
            await effects.afterScan(await scanner.scan());
          },
        });
        d.httpRouter.use(
          createFleetRouter({
            ...d,
            readAccess,
            store,
            // Config's names until a scan records the accounts it covered (an organization's by name).
            accounts: fleet.targets.filter(
              (t): t is AccountTarget => 'accountId' in t,
            ),
            eventsQueue: events?.queue,
          }),
        );
        if (events) {
          const applier = createEventApplier({
            ...d,
            ...fleet,
            store,
            context: { ...cost, trustedAccounts },
          });
          const consumer = createEventConsumer({
            ...d,
            store,
            applier,
            config: events,
            // The accounts and regions the latest scan covered (config's before the first scan).
            reads: async (accountId, region) => {
              const covered = (await store.coveredAccounts()) ?? configured;
              return covered.some(
                a => a.accountId === accountId && a.regions.includes(region),
              );
            },
            onApplied: effects.afterEvents,
          });
          consumer.start();
          d.lifecycle.addShutdownHook(() => consumer.stop());
        }
        d.httpRouter.use(createDiscoveryRouter({ ...d, store }));
        d.httpRouter.use(
          createKeyChangeRouter({
            ...d,
            keyChanges: createKeyChangePreviewService({
              ...d,
              access,
              reports,
              store,
              context: cost,
            }),
          }),
        );
        d.httpRouter.use(
          createAdoptionRouter({
            ...d,
            adoption: createAdoptionService({ ...d, access }),
          }),
        );
      },
    });
  },
});
