import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  dynamoDbEncryptionFleetReadPermission,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  FleetTableFilter,
  fleetTablePermissionResourceRef,
  fleetTablePermissionRules,
} from './fleetTableRules';

/**
 * The fleet rows a reader may see: all of them (the fast paths: the precomputed summary, unfiltered
 * queries), or those the policy's conditions select, which every fleet query then applies.
 */
export type FleetReadAccess =
  | { scope: 'all'; filter?: undefined }
  | { scope: 'conditional'; filter: PermissionCriteria<FleetTableFilter> };

/** Decides a caller's fleet access; a denial is a 403 naming the permission, after `refusal`. */
export type FleetReadAuthorizer = (
  credentials: BackstageCredentials,
  refusal: string,
) => Promise<FleetReadAccess>;

/**
 * Registers the fleet row as a permission resource with its rules, so the permission backend can also
 * decide on a single row (by table ARN, from the latest snapshot) and modules can add rules of their own.
 */
export function registerFleetTableResource(
  permissionsRegistry: PermissionsRegistryService,
  store: { latestRows(arns: string[]): Promise<(FleetRow | undefined)[]> },
) {
  permissionsRegistry.addResourceType({
    resourceRef: fleetTablePermissionResourceRef,
    permissions: [dynamoDbEncryptionFleetReadPermission],
    rules: Object.values(fleetTablePermissionRules),
    getResources: arns => store.latestRows(arns),
  });
}

/** One rule for the routes and the actions: ALLOW is the whole fleet, CONDITIONAL a filter, DENY a 403. */
export function createFleetReadAuthorizer(deps: {
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}): FleetReadAuthorizer {
  const toFilter = createConditionTransformer(
    deps.permissionsRegistry.getPermissionRuleset(
      fleetTablePermissionResourceRef,
    ),
  );
  return async (credentials, refusal) => {
    const [decision] = await deps.permissions.authorizeConditional(
      [{ permission: dynamoDbEncryptionFleetReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return { scope: 'all' };
    if (decision.result === AuthorizeResult.CONDITIONAL)
      return { scope: 'conditional', filter: toFilter(decision.conditions) };
    throw new NotAllowedError(
      `${refusal} (permission ${dynamoDbEncryptionFleetReadPermission.name})`,
    );
  };
}
