import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateEncryptionAction } from './validateEncryption';

describe('dynamodb:encryption:validate', () => {
  const action = createValidateEncryptionAction();

  it.each([
    [{}, 'AWS_OWNED', 'AWS owned'],
    [
      { sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
      'AWS_MANAGED',
      'AWS managed',
    ],
    [
      { sseType: 'KMS', kmsKeyId: 'alias/prod-key' },
      'CUSTOMER_MANAGED',
      'Customer managed',
    ],
  ])('reports %j as %s', async (encryption, keyType, label) => {
    const ctx = createMockActionContext({ input: { encryption } });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('keyType', keyType);
    expect(ctx.output).toHaveBeenCalledWith('keyTypeLabel', label);
  });

  it('outputs the properties with the seed defaults applied, also in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({ input: { encryption: { enabled: false } } }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('properties', {
      enabled: false,
      sseType: 'AES256',
    });
  });

  it('fails naming the field', async () => {
    const ctx = createMockActionContext({
      input: { encryption: { sseType: 'KMS' } },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Invalid encryption: kmsKeyId is required when sseType is KMS',
    );
  });
});
