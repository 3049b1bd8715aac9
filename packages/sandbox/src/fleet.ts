import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod/v3';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  REGION_MESSAGE,
  REGION_PATTERN,
  TABLE_NAME_MESSAGE,
  TABLE_NAME_PATTERN,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';

const account = z.string().regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE);
const region = z.string().regex(REGION_PATTERN, REGION_MESSAGE);

const fleetSchema = z.object({
  accounts: z.array(z.object({ id: account, name: z.string() })).min(1),
  keys: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      account,
      region,
      alias: z
        .string()
        .regex(/^alias\/[A-Za-z0-9/_-]+$/)
        .optional(),
      description: z.string(),
      rotation: z.boolean().default(false),
      state: z
        .enum(['Enabled', 'Disabled', 'PendingDeletion'])
        .default('Enabled'),
    }),
  ),
  tables: z.array(
    z.object({
      name: z.string().regex(TABLE_NAME_PATTERN, TABLE_NAME_MESSAGE),
      account,
      region,
      owner: z.string().regex(/^group:default\/[a-z0-9-]+$/),
      system: z
        .string()
        .regex(/^[a-z0-9-]+$/)
        .optional(),
      encryption: z.record(z.unknown()).optional(),
      key: z.string().optional(),
      manifestKeyReference: z.enum(['arn', 'alias']).default('arn'),
    }),
  ),
  services: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z0-9-]+$/),
        owner: z.string().regex(/^group:default\/[a-z0-9-]+$/),
        system: z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .optional(),
        dependsOn: z.array(z.string()),
      }),
    )
    .default([]),
});

/** The demo fleet described by `sandbox/demo-fleet.yaml`. */
export type Fleet = z.infer<typeof fleetSchema>;
export type FleetTable = Fleet['tables'][number];
export type FleetKey = Fleet['keys'][number];
export type FleetService = Fleet['services'][number];

/** Loads and checks a fleet file: unknown keys, wrong accounts or invalid trait properties are refused. */
export async function loadFleet(path: string): Promise<Fleet> {
  const fleet = fleetSchema.parse(parse(await readFile(path, 'utf8')));
  const keyIds = new Set(fleet.keys.map(k => k.id));
  const accounts = new Set(fleet.accounts.map(a => a.id));
  for (const table of fleet.tables) {
    if (!accounts.has(table.account)) {
      throw new Error(
        `table ${table.name}: account ${table.account} is not in accounts`,
      );
    }
    if (table.key && !keyIds.has(table.key)) {
      throw new Error(`table ${table.name}: key ${table.key} is not in keys`);
    }
    if (table.encryption) {
      // The key is resolved to its ARN at seed time, as the scaffolder does; validate with a placeholder.
      const props = table.key
        ? {
            ...table.encryption,
            kmsKeyId: `arn:aws:kms:${table.region}:${table.account}:key/00000000-0000-0000-0000-000000000000`,
          }
        : table.encryption;
      const result = validateEncryptionTrait(props);
      if (!result.ok) {
        throw new Error(
          `table ${table.name}: ${result.errors
            .map(e => `${e.field} ${e.message}`)
            .join('; ')}`,
        );
      }
    }
  }
  const tableNames = new Set(fleet.tables.map(t => t.name));
  for (const service of fleet.services) {
    const unknown = service.dependsOn.filter(t => !tableNames.has(t));
    if (unknown.length)
      throw new Error(
        `service ${service.name}: unknown tables ${unknown.join(', ')}`,
      );
  }
  for (const table of fleet.tables) {
    if (
      table.manifestKeyReference === 'alias' &&
      !fleet.keys.find(k => k.id === table.key)?.alias
    ) {
      throw new Error(
        `table ${table.name}: manifestKeyReference alias needs a key with an alias`,
      );
    }
  }
  return fleet;
}
