import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createValidateEncryptionAction } from './validateEncryption';
import { examples } from './validateEncryption.examples';

describe('dynamodb:encryption:validate examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s runs',
    async (_description, example) => {
      const action = createValidateEncryptionAction();
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'keyType',
        expect.stringMatching(/^(AWS_OWNED|AWS_MANAGED|CUSTOMER_MANAGED)$/),
      );
    },
  );
});
