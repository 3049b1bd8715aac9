import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { GITOPS, keyChangeSandbox } from './__testUtils__/keyChangeFixture';
import { createUpdateEncryptionAction } from './updateEncryption';
import { examples } from './updateEncryption.examples';

jest.setTimeout(60_000);

const manifest = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: orders
spec:
  components:
    - name: orders
      type: aws-dynamodb-kro
      properties:
        tableName: orders
        region: us-east-1
      traits:
        - type: dynamodb-encryption-kro
          properties:
            sseType: KMS
            kmsKeyId: alias/aws/dynamodb
`;

describe('dynamodb:application:update-encryption examples run as written', () => {
  let sandbox: Awaited<ReturnType<typeof keyChangeSandbox>>;
  const workspace = createMockDirectory();
  beforeAll(async () => {
    sandbox = await keyChangeSandbox();
    sandbox.files.set(`${GITOPS}/apps/orders/application.yaml`, manifest);
  });
  afterAll(() => sandbox?.moto.kill());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const action = createUpdateEncryptionAction({
        ...sandbox,
        keys: sandbox.kms,
      });
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('keyType', step.input.keyChoice);
      expect(ctx.output).toHaveBeenCalledWith(
        'applicationPath',
        'apps/orders/application.yaml',
      );
    },
  );
});
