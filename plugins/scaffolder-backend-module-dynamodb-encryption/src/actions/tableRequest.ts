import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  AWS_ACCOUNT_ANNOTATION,
  BILLING_MODES,
  expectedKeyType,
  FieldError,
  formatFieldErrors,
  KMS_KEY_ALIAS_ANNOTATION,
  ProvisionedThroughput,
  renderApplicationYaml,
  renderTableEntityYaml,
  STREAM_VIEW_TYPES,
  validateEncryptionTrait,
  validateTableDefinition,
} from '@dynamodb-encryption/backstage-plugin-common';
import { KmsKeyService } from '@dynamodb-encryption/backstage-plugin-node';
import { verifyKey } from './verifyKmsKey';

/** Templates render an unset optional field as an empty string: that means "not set". */
export const unset = (v: unknown) => (v === '' ? undefined : v);

/** Capacity fields the form left out (PAY_PER_REQUEST) arrive as empty strings: no throughput at all. */
export function unsetThroughput(v: unknown) {
  if (v === '' || v === null) return undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v).filter(
      ([, x]) => x !== '' && x !== undefined,
    );
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v;
}

function refuse(errors: FieldError[]): never {
  throw new InputError(`Invalid input: ${formatFieldErrors(errors)}`);
}

/** What `dynamodb:application:create` asks for, once "not set" is normalised. */
export interface TableRequest {
  tableName: string;
  region: string;
  accountId?: string;
  attributeDefinitions: {
    attributeName: string;
    attributeType: 'S' | 'N' | 'B';
  }[];
  keySchema: { attributeName: string; keyType: 'HASH' | 'RANGE' }[];
  billingMode?: (typeof BILLING_MODES)[number];
  provisionedThroughput?: ProvisionedThroughput;
  encryption?: { enabled?: boolean; sseType?: string; kmsKeyId?: string };
  protection?: { deletionProtection?: boolean; pointInTimeRecovery?: boolean };
  streams?: { enabled?: boolean; viewType?: string };
  owner: string;
  system?: string;
  manifestUrl?: string;
}

/**
 * The action's input as the handler works with it. Templates render an unset optional field as an empty
 * string, and the runner checks the input against the schema's JSON form without applying its
 * preprocessing, so "not set" is normalised here, once.
 */
export function normalizeInput(
  input: Omit<
    TableRequest,
    'accountId' | 'system' | 'billingMode' | 'provisionedThroughput'
  > & {
    accountId?: unknown;
    system?: unknown;
    billingMode?: unknown;
    provisionedThroughput?: unknown;
    targetPath?: string;
  },
): TableRequest & { targetPath?: string } {
  return {
    ...input,
    accountId: unset(input.accountId) as string | undefined,
    system: unset(input.system) as string | undefined,
    billingMode: unset(input.billingMode) as TableRequest['billingMode'],
    provisionedThroughput: unsetThroughput(input.provisionedThroughput) as
      | ProvisionedThroughput
      | undefined,
    encryption: input.encryption && {
      ...input.encryption,
      kmsKeyId: unset(input.encryption.kmsKeyId) as string | undefined,
    },
  };
}

/**
 * Validates a table request with the shared rules, resolves a customer managed key to its ARN (refusing
 * keys DynamoDB cannot use), and renders the Application and the table's catalog entity; every refusal names
 * its field.
 */
export async function renderTableRequest(
  input: TableRequest,
  deps: {
    keys: KmsKeyService;
    defaultAccountId?: string;
    rotation: 'warn' | 'fail';
  },
  logger: LoggerService,
) {
  const accountId = input.accountId ?? deps.defaultAccountId;
  if (!accountId)
    refuse([
      {
        field: 'accountId',
        message:
          'is required: no dynamodbEncryption.defaultAccountId is configured',
      },
    ]);
  if (!ACCOUNT_ID_PATTERN.test(accountId))
    refuse([{ field: 'accountId', message: ACCOUNT_ID_MESSAGE }]);
  const encryption = validateEncryptionTrait({ ...input.encryption });
  const streamsOn = !!input.streams && input.streams.enabled !== false;
  const viewType = (input.streams?.viewType ??
    STREAM_VIEW_TYPES[0]) as (typeof STREAM_VIEW_TYPES)[number];
  const errors = [
    ...validateTableDefinition(input),
    ...(encryption.ok
      ? []
      : encryption.errors.map(e => ({
          ...e,
          field: `encryption.${e.field}`,
        }))),
    ...(streamsOn && !STREAM_VIEW_TYPES.includes(viewType)
      ? [
          {
            field: 'streams.viewType',
            message: `must be one of ${STREAM_VIEW_TYPES.join(', ')}`,
          },
        ]
      : []),
  ];
  if (errors.length || !encryption.ok) refuse(errors);
  const keyType = expectedKeyType(encryption.value);

  let kmsKeyId = encryption.value.kmsKeyId;
  let keyArn: string | undefined;
  let alias: string | undefined;
  if (keyType === 'CUSTOMER_MANAGED') {
    // The ACK controller needs the key ARN: an alias or key id would make it update the table forever.
    const verified = await verifyKey(deps.keys, {
      kmsKeyId: kmsKeyId!,
      accountId,
      region: input.region,
      rotation: deps.rotation,
    });
    verified.warnings.forEach(w => logger.warn(w));
    keyArn = verified.keyArn;
    alias = kmsKeyId!.startsWith('alias/') ? kmsKeyId : verified.aliases[0];
    kmsKeyId = keyArn;
  }

  const table = {
    tableName: input.tableName,
    region: input.region,
    billingMode: input.billingMode ?? 'PAY_PER_REQUEST',
    provisionedThroughput: input.provisionedThroughput,
    attributeDefinitions: input.attributeDefinitions,
    keySchema: input.keySchema,
  };
  const manifest = renderApplicationYaml({
    // Application and component names: kubernetesNameForTable, valid and distinct for every table name.
    table,
    encryption: { ...encryption.value, ...(kmsKeyId ? { kmsKeyId } : {}) },
    protection: input.protection,
    streams: streamsOn ? { viewType } : undefined,
    annotations: {
      [AWS_ACCOUNT_ANNOTATION]: accountId,
      ...(alias ? { [KMS_KEY_ALIAS_ANNOTATION]: alias } : {}),
    },
  });
  let entity: string;
  try {
    entity = renderTableEntityYaml({
      tableName: input.tableName,
      region: input.region,
      accountId,
      owner: input.owner,
      system: input.system,
      manifestUrl: input.manifestUrl ?? './application.yaml',
      kmsKeyAlias: alias,
    });
  } catch (e) {
    refuse([
      {
        field: 'tableName',
        message: String((e as Error).message).replace(/^tableName /, ''),
      },
    ]);
  }
  return { accountId, manifest, entity, keyArn, keyType };
}
