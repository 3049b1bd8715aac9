import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KmsKeyService } from '@dynamodb-encryption/backstage-plugin-node';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  BILLING_MODES,
  PORTAL_TABLE_NAME_RULE,
  formatTableArn,
  REGION_MESSAGE,
  REGION_PATTERN,
  STREAM_VIEW_TYPES,
} from '@dynamodb-encryption/backstage-plugin-common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { examples } from './createApplication.examples';
import {
  normalizeInput,
  renderTableRequest,
  unset,
  unsetThroughput,
} from './tableRequest';

/**
 * `dynamodb:application:create`: validates a table request with the shared rules, resolves a customer
 * managed key to its ARN (refusing keys DynamoDB cannot use), and writes the KubeVela Application and the
 * table's catalog-info.yaml into the workspace. A dry run reads KMS the same way and writes only into the
 * workspace.
 */
export function createApplicationAction(deps: {
  keys: KmsKeyService;
  defaultAccountId?: string;
  rotation: 'warn' | 'fail';
}) {
  return createTemplateAction({
    id: 'dynamodb:application:create',
    description:
      'Renders the KubeVela Application of an encrypted DynamoDB table and its catalog entity.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tableName: z =>
          z
            .string()
            .describe(`DynamoDB table name: ${PORTAL_TABLE_NAME_RULE.words}`),
        region: z =>
          z
            .string()
            .regex(REGION_PATTERN, REGION_MESSAGE)
            .describe('AWS region'),
        accountId: z =>
          z
            .preprocess(
              unset,
              z
                .string()
                .regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE)
                .optional(),
            )
            .describe('AWS account; default from config'),
        attributeDefinitions: z =>
          z
            .array(
              z.object({
                attributeName: z.string().min(1),
                attributeType: z.enum(['S', 'N', 'B']),
              }),
            )
            .describe('Key attributes'),
        keySchema: z =>
          z
            .array(
              z.object({
                attributeName: z.string().min(1),
                keyType: z.enum(['HASH', 'RANGE']),
              }),
            )
            .describe('Primary key'),
        billingMode: z =>
          z
            .preprocess(unset, z.enum(BILLING_MODES).optional())
            .describe('PAY_PER_REQUEST (default) or PROVISIONED'),
        provisionedThroughput: z =>
          z
            .preprocess(
              unsetThroughput,
              z.record(z.string(), z.unknown()).optional(),
            )
            .describe(
              'readCapacityUnits and writeCapacityUnits: required with PROVISIONED, refused with PAY_PER_REQUEST',
            ),
        encryption: z =>
          z
            .object({
              enabled: z.boolean().optional(),
              sseType: z.string().optional(),
              // An unchosen key arrives as an empty string: normalizeInput reads it as "not set".
              kmsKeyId: z.string().optional(),
            })
            .optional()
            .describe(
              'dynamodb-encryption-kro properties: enabled (default true), sseType (AES256 default, or KMS), kmsKeyId',
            ),
        protection: z =>
          z
            .object({
              deletionProtection: z.boolean().optional(),
              pointInTimeRecovery: z.boolean().optional(),
            })
            .optional()
            .describe('dynamodb-protection-kro properties'),
        streams: z =>
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
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              'Owner entity reference, such as group:default/orders-team',
            ),
        system: z =>
          z
            .preprocess(unset, z.string().optional())
            .describe('System entity the table belongs to'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder for the files; default apps/<tableName>',
            ),
        manifestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Where the Application is readable once published; default ./application.yaml, beside catalog-info.yaml',
            ),
      },
      output: {
        applicationPath: z =>
          z.string().describe('Workspace path of the Application'),
        catalogInfoPath: z =>
          z.string().describe('Workspace path of catalog-info.yaml'),
        manifest: z => z.string().describe('The Application YAML'),
        keyArn: z =>
          z
            .string()
            .optional()
            .describe('The customer managed key ARN, when there is one'),
        keyType: z =>
          z.string().describe('AWS_OWNED, AWS_MANAGED or CUSTOMER_MANAGED'),
        tableArn: z => z.string(),
      },
    },
    async handler(ctx) {
      const input = normalizeInput(ctx.input);
      const { accountId, manifest, entity, keyArn, keyType } =
        await renderTableRequest(input, deps, ctx.logger);
      const folder = input.targetPath ?? `apps/${input.tableName}`;
      const applicationPath = `${folder}/application.yaml`;
      const catalogInfoPath = `${folder}/catalog-info.yaml`;
      for (const [path, text] of [
        [applicationPath, manifest],
        [catalogInfoPath, entity],
      ] as const) {
        const target = resolveSafeChildPath(ctx.workspacePath, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      ctx.logger.info(
        `${
          ctx.isDryRun ? 'Dry run: ' : ''
        }wrote ${applicationPath} and ${catalogInfoPath}`,
      );
      ctx.output('applicationPath', applicationPath);
      ctx.output('catalogInfoPath', catalogInfoPath);
      ctx.output('manifest', manifest);
      if (keyArn) ctx.output('keyArn', keyArn);
      ctx.output('keyType', keyType);
      ctx.output(
        'tableArn',
        formatTableArn({
          region: input.region,
          accountId,
          tableName: input.tableName,
        }),
      );
    },
  });
}
