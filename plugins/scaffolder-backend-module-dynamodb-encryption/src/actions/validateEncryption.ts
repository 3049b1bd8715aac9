import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  expectedKeyType,
  KEY_TYPE_LABELS,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { examples } from './validateEncryption.examples';

/**
 * `dynamodb:encryption:validate`: checks `dynamodb-encryption-kro` trait properties with the shared rules
 * and reports which key type they give the table. Read-only, so it behaves the same in a dry run.
 */
export function createValidateEncryptionAction() {
  return createTemplateAction({
    id: 'dynamodb:encryption:validate',
    description:
      'Validates dynamodb-encryption-kro trait properties (enabled, sseType, kmsKeyId) and tells which key type they give the table.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        encryption: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The trait properties: enabled (default true), sseType (AES256 default, or KMS), kmsKeyId',
            ),
      },
      output: {
        keyType: z =>
          z.string().describe('AWS_OWNED, AWS_MANAGED or CUSTOMER_MANAGED'),
        keyTypeLabel: z => z.string().describe('The key type for people'),
        properties: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The properties with defaults applied'),
      },
    },
    async handler(ctx) {
      const result = validateEncryptionTrait(ctx.input.encryption);
      if (!result.ok) {
        throw new InputError(
          `Invalid encryption: ${result.errors
            .map(e => `${e.field} ${e.message}`)
            .join('; ')}`,
        );
      }
      const keyType = expectedKeyType(result.value);
      ctx.logger.info(
        `Encryption properties give the table the ${KEY_TYPE_LABELS[keyType]} key`,
      );
      ctx.output('keyType', keyType);
      ctx.output('keyTypeLabel', KEY_TYPE_LABELS[keyType]);
      ctx.output('properties', { ...result.value });
    },
  });
}
