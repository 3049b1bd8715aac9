import { stringify } from 'yaml';
import { formatTableArn } from './arn';
import {
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
} from './constants';

/** Annotation recording the alias a key ARN was resolved from, for people. @public */
export const KMS_KEY_ALIAS_ANNOTATION = 'dynamodb-encryption.io/kms-key-alias';
/** Annotation of an Application naming the AWS account its tables belong to. @public */
export const AWS_ACCOUNT_ANNOTATION = 'dynamodb-encryption.io/aws-account-id';

/**
 * Annotation of a table entity the catalog got from the fleet scan (no one declared it in Git). Such
 * entities never count as declaring their table, so they follow the scan: removed when the table is gone.
 *
 * @public
 */
export const DISCOVERED_TABLE_ANNOTATION = 'dynamodb-encryption.io/discovered';

const SYSTEM_REF =
  /^(system:)?([a-z0-9-]{1,63}\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

const ENTITY_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** @public */
export interface TableEntityInput {
  tableName: string;
  region: string;
  accountId: string;
  owner: string;
  system?: string;
  description?: string;
  manifestUrl?: string;
  kmsKeyAlias?: string;
}

/**
 * The catalog entity of a table: a `Resource` of type `dynamodb-table` with its ARN annotation and, when
 * known, the Application manifest it is declared by. Throws naming `tableName` when the table name cannot be
 * an entity name (at most 63 characters, starting and ending with a letter or digit).
 *
 * @public
 */
export function buildTableEntity(input: TableEntityInput) {
  if (!ENTITY_NAME.test(input.tableName)) {
    throw new Error(
      'tableName must be at most 63 characters and start and end with a letter or digit to be a catalog entity name',
    );
  }
  const annotations: Record<string, string> = {
    [DYNAMODB_TABLE_ARN_ANNOTATION]: formatTableArn(input),
  };
  if (input.manifestUrl)
    annotations[DYNAMODB_APPLICATION_MANIFEST_ANNOTATION] = input.manifestUrl;
  if (input.kmsKeyAlias)
    annotations[KMS_KEY_ALIAS_ANNOTATION] = input.kmsKeyAlias;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: input.tableName,
      description:
        input.description ??
        `DynamoDB table ${input.tableName} in account ${input.accountId}, ${input.region}.`,
      annotations,
      tags: ['dynamodb', input.region],
    },
    spec: {
      type: DYNAMODB_TABLE_RESOURCE_TYPE,
      owner: input.owner,
      ...(input.system ? { system: input.system } : {}),
    },
  };
}

/** The entity as catalog-info.yaml text. @public */
export function renderTableEntityYaml(input: TableEntityInput): string {
  return stringify(buildTableEntity(input), { lineWidth: 0 });
}

/** A table the scan found that no catalog entity declares. @public */
export interface DiscoveredTable {
  tableName: string;
  accountId: string;
  region: string;
  /** From the table's owner tag, when it names a valid entity reference. */
  owner?: string;
  /** From the table's system tag. */
  system?: string;
}

/** Stable, short and unique across accounts and regions: `<table>-<account>-<region>` within 63 characters. */
function discoveredEntityName(t: DiscoveredTable): string {
  const suffix = `-${t.accountId}-${t.region}`;
  const base = t.tableName.replace(/[^A-Za-z0-9._-]/g, '-');
  let hash = 0;
  for (const c of `${t.accountId}/${t.region}/${t.tableName}`)
    hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const room = 63 - suffix.length;
  const head =
    base.length <= room
      ? base
      : `${base.slice(0, room - 9)}-${hash.toString(16).padStart(8, '0')}`;
  return `${head.replace(/^[^A-Za-z0-9]+/, 'x')}${suffix}`;
}

/**
 * The entity of a discovered table: the same `Resource` as a declared one (ARN annotation, type
 * `dynamodb-table`), named `<table>-<account>-<region>`, owned by its owner tag or `defaultOwner`, and
 * marked with {@link DISCOVERED_TABLE_ANNOTATION}.
 *
 * @public
 */
export function buildDiscoveredTableEntity(
  table: DiscoveredTable,
  defaultOwner: string,
) {
  const entity = buildTableEntity({
    tableName: 'x',
    accountId: table.accountId,
    region: table.region,
    owner: table.owner ?? defaultOwner,
    // A tag is anyone's text: only a valid entity reference becomes the system.
    system:
      table.system && SYSTEM_REF.test(table.system) ? table.system : undefined,
    description: `DynamoDB table ${table.tableName} in account ${table.accountId}, ${table.region}, found by the fleet scan.`,
  });
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      name: discoveredEntityName(table),
      title: table.tableName,
      annotations: {
        [DYNAMODB_TABLE_ARN_ANNOTATION]: formatTableArn(table),
        [DISCOVERED_TABLE_ANNOTATION]: 'true',
      },
    },
  };
}

/**
 * An entity's path segment in routes such as `/entities/:namespace/:kind/:name/...` (the plugin's and Tech
 * Insights'): each part URL-encoded, never raw.
 *
 * @public
 */
export function entityPath(ref: {
  namespace: string;
  kind: string;
  name: string;
}): string {
  return [ref.namespace, ref.kind, ref.name].map(encodeURIComponent).join('/');
}
