import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import type { FleetTableFilter } from '../permissions/fleetTableRules';

/** The rows a reader may see, as the permission policy's conditions put it; undefined is every row. */
export type FleetRowFilter = PermissionCriteria<FleetTableFilter> | undefined;

/**
 * Narrows a query of the fleet table to the rows the filter allows, in SQL: `allOf`, `anyOf` and `not` as
 * nested groups. Each leaf is true or false, never NULL (an unowned row is simply not owned), so `not`
 * selects exactly the rows the leaf does not, as the rules' `apply` decides in memory.
 */
export function applyFleetFilter<Q extends Knex.QueryBuilder>(
  query: Q,
  filter: FleetRowFilter,
): Q {
  if (filter) query.where(inner => where(inner, filter));
  return query;
}

function where(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<FleetTableFilter>,
): void {
  if (isAndCriteria(criteria)) {
    for (const c of criteria.allOf) query.andWhere(inner => where(inner, c));
  } else if (isOrCriteria(criteria)) {
    for (const c of criteria.anyOf) query.orWhere(inner => where(inner, c));
  } else if (isNotCriteria(criteria)) {
    query.whereNot(inner => where(inner, criteria.not));
  } else if (!criteria.values.length) {
    query.whereRaw('1 = 0');
  } else if (criteria.column === 'owner') {
    // Entity refs compare case-insensitively.
    const owners = criteria.values.map(v => v.toLocaleLowerCase('en-US'));
    query
      .whereNotNull('owner')
      .whereRaw(
        `lower(owner) in (${owners.map(() => '?').join(', ')})`,
        owners,
      );
  } else {
    query.whereIn('account_id', criteria.values);
  }
}
