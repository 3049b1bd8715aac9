import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  BILLING_MODES,
  PORTAL_TABLE_NAME_RULE,
  ProvisionedThroughput,
  REGION_MESSAGE,
  REGION_PATTERN,
  STREAM_VIEW_TYPES,
} from '@internal/plugin-dynamodb-encryption-common';
import type { z as zod } from 'zod';

/** Templates render an unset optional field as an empty string: that means "not set". */
const unset = (v: unknown) => (v === '' ? undefined : v);

/** Capacity fields the form left out (PAY_PER_REQUEST) arrive as empty strings: no throughput at all. */
function unsetThroughput(v: unknown) {
  if (v === '' || v === null) return undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v).filter(
      ([, x]) => x !== '' && x !== undefined,
    );
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v;
}

/**
 * The action's input as the handler works with it: templates render an unset optional field as an empty
 * string, and the runner checks the input against the schema's JSON form without applying its
 * preprocessing, so "not set" is normalised here, once.
 */
export function normalizeInput<T extends Record<string, any>>(input: T) {
  const kmsKeyId = unset(input.encryption?.kmsKeyId) as string | undefined;
  return {
    ...input,
    accountId: unset(input.accountId) as string | undefined,
    system: unset(input.system) as string | undefined,
    billingMode: unset(input.billingMode) as
      | (typeof BILLING_MODES)[number]
      | undefined,
    provisionedThroughput: unsetThroughput(input.provisionedThroughput) as
      | ProvisionedThroughput
      | undefined,
    encryption: input.encryption && {
      ...input.encryption,
      kmsKeyId,
    },
  };
}

type Z = typeof zod;

/** `dynamodb:application:create`'s input and output. */
export const createApplicationSchema = {
  input: {
    tableName: (z: Z) =>
      z
        .string()
        .describe(`DynamoDB table name: ${PORTAL_TABLE_NAME_RULE.words}`),
    region: (z: Z) =>
      z.string().regex(REGION_PATTERN, REGION_MESSAGE).describe('AWS region'),
    accountId: (z: Z) =>
      z
        .preprocess(
          unset,
          z.string().regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE).optional(),
        )
        .describe('AWS account; default from config'),
    attributeDefinitions: (z: Z) =>
      z
        .array(
          z.object({
            attributeName: z.string().min(1),
            attributeType: z.enum(['S', 'N', 'B']),
          }),
        )
        .describe('Key attributes'),
    keySchema: (z: Z) =>
      z
        .array(
          z.object({
            attributeName: z.string().min(1),
            keyType: z.enum(['HASH', 'RANGE']),
          }),
        )
        .describe('Primary key'),
    billingMode: (z: Z) =>
      z
        .preprocess(unset, z.enum(BILLING_MODES).optional())
        .describe('PAY_PER_REQUEST (default) or PROVISIONED'),
    provisionedThroughput: (z: Z) =>
      z
        .preprocess(
          unsetThroughput,
          z.record(z.string(), z.unknown()).optional(),
        )
        .describe(
          'readCapacityUnits and writeCapacityUnits: required with PROVISIONED, refused with PAY_PER_REQUEST',
        ),
    encryption: (z: Z) =>
      z
        .object({
          enabled: z.boolean().optional(),
          sseType: z.string().optional(),
          // Templates render an unchosen key as an empty string: that means "not set".
          kmsKeyId: z
            .string()
            .optional()
            .transform(v => (v === '' ? undefined : v)),
        })
        .optional()
        .describe(
          'dynamodb-encryption-kro properties: enabled (default true), sseType (AES256 default, or KMS), kmsKeyId',
        ),
    protection: (z: Z) =>
      z
        .object({
          deletionProtection: z.boolean().optional(),
          pointInTimeRecovery: z.boolean().optional(),
        })
        .optional()
        .describe('dynamodb-protection-kro properties'),
    streams: (z: Z) =>
      z
        .object({
          enabled: z.boolean().optional(),
          viewType: z.string().optional(),
        })
        .optional()
        .describe(
          `dynamodb-streams-kro properties: viewType (${STREAM_VIEW_TYPES.join(
            ', ',
          )}); omitted or enabled: false for no stream`,
        ),
    owner: (z: Z) =>
      z
        .string()
        .min(1)
        .describe('Owner entity reference, such as group:default/orders-team'),
    system: (z: Z) =>
      z
        .preprocess(unset, z.string().optional())
        .describe('System entity the table belongs to'),
    targetPath: (z: Z) =>
      z
        .string()
        .optional()
        .describe('Workspace folder for the files; default apps/<tableName>'),
    manifestUrl: (z: Z) =>
      z
        .string()
        .optional()
        .describe(
          'Where the Application is readable once published; default ./application.yaml, beside catalog-info.yaml',
        ),
  },
  output: {
    applicationPath: (z: Z) =>
      z.string().describe('Workspace path of the Application'),
    catalogInfoPath: (z: Z) =>
      z.string().describe('Workspace path of catalog-info.yaml'),
    manifest: (z: Z) => z.string().describe('The Application YAML'),
    keyArn: (z: Z) =>
      z
        .string()
        .optional()
        .describe('The customer managed key ARN, when there is one'),
    keyType: (z: Z) =>
      z.string().describe('AWS_OWNED, AWS_MANAGED or CUSTOMER_MANAGED'),
    tableArn: (z: Z) => z.string(),
  },
};
