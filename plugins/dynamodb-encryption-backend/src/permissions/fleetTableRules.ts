import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  DYNAMODB_ENCRYPTION_PLUGIN_ID,
  DYNAMODB_FLEET_TABLE_RESOURCE_TYPE,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import { stringListParams } from './ruleParams';

/**
 * What a fleet rule becomes in a database query: the rows whose column is one of the values. Declarative
 * (not a knex callback) so the store alone writes SQL, and the same filter serves every fleet query.
 *
 * @public
 */
export interface FleetTableFilter {
  /** `owner` is compared case-insensitively, as entity refs are; an unowned row matches no owner. */
  column: 'owner' | 'account_id';
  /** The values the column may have; none selects no row. */
  values: string[];
}

/**
 * The fleet row as a permission resource (`dynamodb-fleet-table`), named by its table ARN.
 *
 * @public
 */
export const fleetTablePermissionResourceRef = createPermissionResourceRef<
  FleetRow,
  FleetTableFilter
>().with({
  pluginId: DYNAMODB_ENCRYPTION_PLUGIN_ID,
  resourceType: DYNAMODB_FLEET_TABLE_RESOURCE_TYPE,
});

type FleetTableRef = typeof fleetTablePermissionResourceRef;

const isOwnedBy = createPermissionRule<FleetTableRef, { claims: string[] }>({
  name: 'isOwnedBy',
  description:
    'Allow fleet rows whose owner (the declaring entity’s owner, else the table’s owner tag) is one of the given entity refs',
  resourceRef: fleetTablePermissionResourceRef,
  paramsSchema: stringListParams({
    key: 'claims',
    description:
      'Entity refs the owner may be, usually the user’s ownership entity refs',
  }),
  apply: (row, { claims }) =>
    !!row.owner &&
    claims.some(
      c =>
        c.toLocaleLowerCase('en-US') === row.owner!.toLocaleLowerCase('en-US'),
    ),
  toQuery: ({ claims }) => ({ column: 'owner', values: claims }),
});

const inAccounts = createPermissionRule<
  FleetTableRef,
  { accountIds: string[] }
>({
  name: 'inAccounts',
  description: 'Allow fleet rows of tables in one of the given AWS accounts',
  resourceRef: fleetTablePermissionResourceRef,
  paramsSchema: stringListParams({
    key: 'accountIds',
    description: '12-digit AWS account ids',
    pattern: ACCOUNT_ID_PATTERN,
    message: ACCOUNT_ID_MESSAGE,
  }),
  apply: (row, { accountIds }) => accountIds.includes(row.table.accountId),
  toQuery: ({ accountIds }) => ({ column: 'account_id', values: accountIds }),
});

/**
 * The rules a policy can put in a conditional decision on `dynamodb-encryption.fleet.read`.
 *
 * @public
 */
export const fleetTablePermissionRules = { isOwnedBy, inAccounts };

const fleetTableConditionExports = createConditionExports({
  resourceRef: fleetTablePermissionResourceRef,
  rules: fleetTablePermissionRules,
});

/**
 * Conditions for a policy's decision on the fleet, e.g.
 * `dynamoDbFleetTableConditions.isOwnedBy({ claims: ownershipEntityRefs })`.
 *
 * @public
 */
export const dynamoDbFleetTableConditions =
  fleetTableConditionExports.conditions;

/**
 * Wraps fleet conditions into the conditional decision a policy returns for
 * `dynamodb-encryption.fleet.read`.
 *
 * @public
 */
export const createDynamoDbFleetTableConditionalDecision =
  fleetTableConditionExports.createConditionalDecision;
