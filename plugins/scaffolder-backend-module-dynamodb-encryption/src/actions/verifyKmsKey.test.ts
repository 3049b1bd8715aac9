import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createVerifyKmsKeyAction } from './verifyKmsKey';
import { createKey, sandbox } from './__testUtils__/sandbox';

describe('dynamodb:kms-key:verify', () => {
  const { clients, keys, accountId } = sandbox();
  let rotated: string;
  let unrotated: string;

  beforeAll(async () => {
    rotated = await createKey(
      clients,
      { accountId, region: 'us-east-1' },
      { alias: 'alias/rotated', rotation: true },
    );
    unrotated = await createKey(clients, { accountId, region: 'us-east-1' });
  });

  it('returns the key ARN of an alias, read-only and the same in a dry run', async () => {
    const action = createVerifyKmsKeyAction({
      keys,
      defaultAccountId: accountId,
      rotation: 'fail',
    });
    const ctx = {
      ...createMockActionContext({
        input: { kmsKeyId: 'alias/rotated', region: 'us-east-1' },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('keyArn', rotated);
    expect(ctx.output).toHaveBeenCalledWith('aliases', ['alias/rotated']);
    expect(ctx.output).toHaveBeenCalledWith('rotationEnabled', true);
  });

  it('warns about rotation off, or fails when configured to', async () => {
    const warn = createVerifyKmsKeyAction({
      keys,
      defaultAccountId: accountId,
      rotation: 'warn',
    });
    const ctx = createMockActionContext({
      input: { kmsKeyId: unrotated, region: 'us-east-1' },
    });
    await warn.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'warnings',
      expect.arrayContaining([
        expect.stringContaining(
          'automatic rotation is off; run aws kms enable-key-rotation',
        ),
      ]),
    );
    await expect(
      warn.handler(
        createMockActionContext({
          input: { kmsKeyId: unrotated, region: 'us-east-1', rotation: 'fail' },
        }),
      ),
    ).rejects.toThrow(/automatic rotation is off/);
  });
});
