import { stringify } from 'yaml';
import type { EncryptionTraitProperties } from './trait';
import type { ProvisionedThroughput } from './table';
import { kubernetesNameForTable } from './names';

/** Names of the KubeVela definitions this project ships. @public */
export const KUBEVELA_DEFINITIONS = {
  component: 'aws-dynamodb-kro',
  encryptionTrait: 'dynamodb-encryption-kro',
  protectionTrait: 'dynamodb-protection-kro',
  streamsTrait: 'dynamodb-streams-kro',
} as const;

/** @public */
export interface AttributeDefinition {
  attributeName: string;
  attributeType: 'S' | 'N' | 'B';
}

/** @public */
export interface KeySchemaElement {
  attributeName: string;
  keyType: 'HASH' | 'RANGE';
}

/** @public */
export const STREAM_VIEW_TYPES = [
  'NEW_AND_OLD_IMAGES',
  'NEW_IMAGE',
  'OLD_IMAGE',
  'KEYS_ONLY',
] as const;

/**
 * Everything a table Application says: the component's properties and each trait's properties, as the
 * trait definitions take them.
 *
 * @public
 */
export interface TableApplicationSpec {
  /** Default: kubernetesNameForTable(table.tableName). */
  applicationName?: string;
  namespace?: string;
  /** Default: kubernetesNameForTable(table.tableName). */
  componentName?: string;
  table: {
    tableName: string;
    region: string;
    billingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
    /** Required with PROVISIONED, refused otherwise (validateBillingMode). */
    provisionedThroughput?: ProvisionedThroughput;
    attributeDefinitions: AttributeDefinition[];
    keySchema: KeySchemaElement[];
    tags?: Record<string, string>;
    /**
     * The component's `adopt`: take over the table that already exists under this name (the RGD gives the
     * ACK Table `services.k8s.aws/adoption-policy`), for a table adopted into GitOps.
     */
    adopt?: boolean;
  };
  encryption?: Partial<EncryptionTraitProperties>;
  protection?: { deletionProtection?: boolean; pointInTimeRecovery?: boolean };
  streams?: { viewType?: (typeof STREAM_VIEW_TYPES)[number] };
  /** Extra metadata annotations, for people (for example the key alias a key ARN was resolved from). */
  annotations?: Record<string, string>;
}

/** @public */
export interface ApplicationManifest {
  apiVersion: 'core.oam.dev/v1beta1';
  kind: 'Application';
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec: {
    components: {
      name: string;
      type: string;
      properties: Record<string, unknown>;
      traits?: { type: string; properties: Record<string, unknown> }[];
    }[];
  };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The KubeVela Application for one table.
 *
 * @public
 */
export function buildApplication(
  spec: TableApplicationSpec,
): ApplicationManifest {
  const traits: { type: string; properties: Record<string, unknown> }[] = [];
  if (spec.encryption) {
    traits.push({
      type: KUBEVELA_DEFINITIONS.encryptionTrait,
      properties: defined({ ...spec.encryption }),
    });
  }
  if (spec.protection) {
    traits.push({
      type: KUBEVELA_DEFINITIONS.protectionTrait,
      properties: defined({ ...spec.protection }),
    });
  }
  if (spec.streams) {
    traits.push({
      type: KUBEVELA_DEFINITIONS.streamsTrait,
      properties: defined({ ...spec.streams }),
    });
  }
  const metadata = defined({
    name: spec.applicationName ?? kubernetesNameForTable(spec.table.tableName),
    namespace: spec.namespace,
    annotations:
      spec.annotations && Object.keys(spec.annotations).length
        ? { ...spec.annotations }
        : undefined,
  });
  return {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata,
    spec: {
      components: [
        {
          name:
            spec.componentName ?? kubernetesNameForTable(spec.table.tableName),
          type: KUBEVELA_DEFINITIONS.component,
          properties: defined({
            tableName: spec.table.tableName,
            region: spec.table.region,
            billingMode: spec.table.billingMode,
            provisionedThroughput: spec.table.provisionedThroughput && {
              readCapacityUnits:
                spec.table.provisionedThroughput.readCapacityUnits,
              writeCapacityUnits:
                spec.table.provisionedThroughput.writeCapacityUnits,
            },
            attributeDefinitions: spec.table.attributeDefinitions.map(a => ({
              ...a,
            })),
            keySchema: spec.table.keySchema.map(k => ({ ...k })),
            tags: spec.table.tags && { ...spec.table.tags },
            adopt: spec.table.adopt,
          }),
          ...(traits.length ? { traits } : {}),
        },
      ],
    },
  };
}

/**
 * The Application as YAML. Every string is quoted by the YAML library as needed, so any value (colons,
 * newlines, `#`, YAML keywords such as `yes` or `null`) parses back to exactly itself.
 *
 * @public
 */
export function renderApplicationYaml(spec: TableApplicationSpec): string {
  return stringify(buildApplication(spec), { lineWidth: 0 });
}
