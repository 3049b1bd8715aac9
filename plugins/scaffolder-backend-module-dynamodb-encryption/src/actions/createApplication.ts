import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KmsKeyService } from '@internal/plugin-dynamodb-encryption-node';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  AWS_ACCOUNT_ANNOTATION,
  BILLING_MODES,
  expectedKeyType,
  FieldError,
  formatFieldErrors,
  PORTAL_TABLE_NAME_RULE,
  formatTableArn,
  KMS_KEY_ALIAS_ANNOTATION,
  ProvisionedThroughput,
  renderApplicationYaml,
  REGION_MESSAGE,
  REGION_PATTERN,
  renderTableEntityYaml,
  STREAM_VIEW_TYPES,
  validateEncryptionTrait,
  validateTableDefinition,
} from '@internal/plugin-dynamodb-encryption-common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { examples } from './createApplication.examples';
import {
  createApplicationSchema,
  normalizeInput,
} from './createApplication.schema';
import { verifyKey } from './verifyKmsKey';

function refuse(errors: FieldError[]): never {
  throw new InputError(`Invalid input: ${formatFieldErrors(errors)}`);
}

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
    schema: createApplicationSchema,
    async handler(ctx) {
      const input = normalizeInput(ctx.input);
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
        verified.warnings.forEach(w => ctx.logger.warn(w));
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
