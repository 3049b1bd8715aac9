import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';

/** What the fleet row takes from the catalog entity that declares a table. */
export interface EntityInfo {
  entityRef: string;
  owner?: string;
  system?: string;
  tags: string[];
}

/** Only what the join needs: an estate's discovered entities are many, and read at every scan. */
const JOIN_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'metadata.tags',
  'spec.owner',
  'spec.system',
];

/**
 * The catalog's table entities by ARN, read with the plugin's own credentials. Discovered entities (made by
 * the catalog module from an earlier scan) are left out: they declare nothing, or a table could never lose
 * its discovered entity, and a Git-declared table is never mistaken for a discovered one.
 */
export async function entitiesByArn(deps: {
  catalog: CatalogService;
  auth: AuthService;
}): Promise<Map<string, EntityInfo>> {
  const { items } = await deps.catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE },
      fields: JOIN_FIELDS,
    },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  return toEntityInfo(items);
}

/** The declaring entities of these tables only (the catalog's filter on the ARN annotation), by ARN. */
export async function entitiesForArns(
  deps: { catalog: CatalogService; auth: AuthService },
  arns: string[],
): Promise<Map<string, EntityInfo>> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const items: Entity[] = [];
  // A few ARNs a request: the filter travels in the query string.
  for (let i = 0; i < arns.length; i += 40) {
    const page = await deps.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE,
          [`metadata.annotations.${DYNAMODB_TABLE_ARN_ANNOTATION}`]: arns.slice(
            i,
            i + 40,
          ),
        },
        fields: JOIN_FIELDS,
      },
      { credentials },
    );
    items.push(...page.items);
  }
  return toEntityInfo(items);
}

function toEntityInfo(items: Entity[]): Map<string, EntityInfo> {
  const map = new Map<string, EntityInfo>();
  for (const e of items) {
    const arn = e.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION];
    if (!arn || e.metadata.annotations?.[DISCOVERED_TABLE_ANNOTATION]) continue;
    map.set(arn, {
      entityRef: stringifyEntityRef(e),
      owner: ownerRef(e.spec?.owner, e.metadata.namespace),
      system: typeof e.spec?.system === 'string' ? e.spec.system : undefined,
      tags: e.metadata.tags ?? [],
    });
  }
  return map;
}

/**
 * The entity's owner as a full entity ref, resolved as the catalog resolves `spec.owner` (`team` in
 * namespace `ns` is `group:ns/team`), so it compares with the ownership refs a permission policy gets.
 */
function ownerRef(owner: unknown, namespace = 'default'): string | undefined {
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return owner;
  }
}

/** An owner tag counts only when it is an entity reference (`group:default/team` or `team`). */
export function ownerFromTag(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Brings a row kept from an earlier scan up to date with the catalog as it is now: its declaring entity, else
 * the owner and system its AWS tags name.
 */
export function rejoinRow(
  entities: Map<string, EntityInfo>,
  tagKeys: { owner?: string; system?: string } = {},
) {
  return (row: FleetRow): FleetRow => {
    const entity = entities.get(row.table.arn);
    return {
      ...row,
      entityRef: entity?.entityRef,
      owner:
        entity?.owner ?? ownerFromTag(row.awsTags?.[tagKeys.owner ?? 'owner']),
      system: entity?.system ?? row.awsTags?.[tagKeys.system ?? 'system'],
    };
  };
}
