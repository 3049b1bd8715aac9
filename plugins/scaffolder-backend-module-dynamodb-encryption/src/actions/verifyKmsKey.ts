import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KmsKeyService } from '@dynamodb-encryption/backstage-plugin-node';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
} from '@dynamodb-encryption/backstage-plugin-common';
import { examples } from './verifyKmsKey.examples';

/** Checks applied to a key before a table may use it. */
export interface KeyVerification {
  keyArn: string;
  aliases: string[];
  rotationEnabled: boolean;
  warnings: string[];
}

/**
 * Resolves and checks a key for a table: it exists in the table's account and region, is enabled, symmetric
 * and for encryption, rotates (a warning or a failure, as configured), and its policy does not shut DynamoDB
 * out. Every failure says what to fix.
 */
export async function verifyKey(
  keys: KmsKeyService,
  input: {
    kmsKeyId: string;
    accountId: string;
    region: string;
    rotation: 'warn' | 'fail';
  },
): Promise<KeyVerification> {
  const key = await keys.resolveKey(input.kmsKeyId, {
    accountId: input.accountId,
    region: input.region,
  });
  const fix = `choose an enabled symmetric encryption key in ${input.accountId}/${input.region}`;
  if (!key.usable)
    throw new InputError(`kmsKeyId ${input.kmsKeyId}: ${key.reason}; ${fix}`);
  const warnings: string[] = [];
  if (!key.rotation?.enabled) {
    const message = `kmsKeyId ${input.kmsKeyId}: automatic rotation is off; run aws kms enable-key-rotation --key-id ${key.keyArn} --region ${input.region}`;
    if (input.rotation === 'fail') throw new InputError(message);
    warnings.push(message);
  }
  if (key.keyPolicy?.verdict === 'not-allowed') {
    throw new InputError(
      `kmsKeyId ${input.kmsKeyId}: ${key.keyPolicy.reason}; add a statement allowing DynamoDB (kms:ViaService dynamodb.${input.region}.amazonaws.com)`,
    );
  }
  if (key.keyPolicy?.verdict === 'undetermined')
    warnings.push(`kmsKeyId ${input.kmsKeyId}: ${key.keyPolicy.reason}`);
  return {
    keyArn: key.keyArn,
    aliases: key.aliases,
    rotationEnabled: !!key.rotation?.enabled,
    warnings,
  };
}

/** `dynamodb:kms-key:verify`: read-only, so a dry run does exactly the same. */
export function createVerifyKmsKeyAction(deps: {
  keys: KmsKeyService;
  defaultAccountId?: string;
  rotation: 'warn' | 'fail';
}) {
  return createTemplateAction({
    id: 'dynamodb:kms-key:verify',
    description:
      'Checks that a KMS key can protect a DynamoDB table: exists in its account and region, enabled, symmetric, rotating, and usable by DynamoDB.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        kmsKeyId: z =>
          z
            .string()
            .describe(
              'The key: key ARN, key id, alias name (alias/...) or alias ARN',
            ),
        region: z => z.string().describe('The table region'),
        accountId: z =>
          z
            .preprocess(
              v => (v === '' ? undefined : v),
              z
                .string()
                .regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE)
                .optional(),
            )
            .describe(
              'The table account; default from config (an empty string, as templates render it, means not set)',
            ),
        rotation: z =>
          z
            .enum(['warn', 'fail'])
            .optional()
            .describe(
              'What rotation off does: warn (default from config) or fail',
            ),
      },
      output: {
        keyArn: z =>
          z.string().describe('The key ARN, as the ACK controller needs it'),
        aliases: z => z.array(z.string()).describe('The key aliases'),
        rotationEnabled: z => z.boolean(),
        warnings: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const accountId =
        (ctx.input.accountId || undefined) ?? deps.defaultAccountId;
      if (!accountId)
        throw new InputError(
          'accountId is required: no dynamodbEncryption.defaultAccountId is configured',
        );
      if (!ACCOUNT_ID_PATTERN.test(accountId))
        throw new InputError(`accountId ${ACCOUNT_ID_MESSAGE}`);
      const result = await verifyKey(deps.keys, {
        kmsKeyId: ctx.input.kmsKeyId,
        accountId,
        region: ctx.input.region,
        rotation: ctx.input.rotation ?? deps.rotation,
      });
      result.warnings.forEach(w => ctx.logger.warn(w));
      ctx.logger.info(`Key ${result.keyArn} can protect the table`);
      ctx.output('keyArn', result.keyArn);
      ctx.output('aliases', result.aliases);
      ctx.output('rotationEnabled', result.rotationEnabled);
      ctx.output('warnings', result.warnings);
    },
  });
}
