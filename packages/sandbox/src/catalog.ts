import { stringify } from 'yaml';
import {
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Fleet } from './fleet';
import { SeedResult } from './seed';

/** Catalog entities for the demo fleet: its owner groups, its systems and one Resource per table. */
export function fleetEntities(
  fleet: Fleet,
  seeded: Pick<SeedResult, 'tableArns'>,
  manifestUrl?: (tableName: string) => string,
): object[] {
  const groups = [
    ...new Set(fleet.tables.map(t => t.owner.split('/')[1])),
  ].sort();
  const systems = new Map<string, string>();
  for (const t of fleet.tables)
    if (t.system && !systems.has(t.system)) systems.set(t.system, t.owner);
  const accountNames = new Map(fleet.accounts.map(a => [a.id, a.name]));

  return [
    ...groups.map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name },
      spec: { type: 'team', children: [] },
    })),
    ...[...systems].map(([name, owner]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name },
      spec: { owner },
    })),
    ...fleet.tables.map(t => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: t.name,
        title: `${t.name} (${accountNames.get(t.account)}, ${t.region})`,
        description: `DynamoDB table ${t.name} in account ${t.account}, ${t.region}.`,
        annotations: {
          [DYNAMODB_TABLE_ARN_ANNOTATION]: seeded.tableArns[t.name],
          ...(manifestUrl
            ? {
                [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: manifestUrl(t.name),
              }
            : {}),
        },
        tags: ['dynamodb', t.region, ...(t.system ? [t.system] : [])],
      },
      spec: {
        type: DYNAMODB_TABLE_RESOURCE_TYPE,
        owner: t.owner,
        ...(t.system ? { system: t.system } : {}),
      },
    })),
    ...fleet.services.map(s => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: s.name },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: s.owner,
        ...(s.system ? { system: s.system } : {}),
        dependsOn: s.dependsOn.map(t => `resource:default/${t}`),
      },
    })),
  ];
}

/**
 * The user the sandbox's guest sign-in resolves to (the guest provider's default ref), a member of the
 * platform team: the sample permission policy lets the platform team see the whole fleet, so the guest
 * sees every table, as with an allow-all policy. `app-config.sandbox.yaml` names the same membership for a
 * sign-in before the catalog has read this file. The second sign-in (`auth.providers.sandbox-member`) is a
 * payments engineer, who sees only the payments team's tables.
 */
export function sandboxGuestEntities(): object[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: 'guest',
        namespace: 'development',
        description: 'The sandbox guest sign-in, a member of the platform team',
      },
      spec: { memberOf: ['group:default/platform-team'] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: 'payments-engineer',
        namespace: 'development',
        description:
          "The sandbox's second sign-in, a member of the payments team: sees the payments team's tables only",
      },
      spec: { memberOf: ['group:default/payments-team'] },
    },
  ];
}

/** The entities as one multi-document YAML file. */
export function renderEntities(entities: object[]): string {
  return entities.map(e => stringify(e)).join('---\n');
}
