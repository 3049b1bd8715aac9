import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createApplicationAction } from './createApplication';
import { examples as createExamples } from './createApplication.examples';
import { createLocalGitPublishAction } from './publishLocalGit';
import { examples as publishExamples } from './publishLocalGit.examples';
import { createKey, sandbox } from './__testUtils__/sandbox';
import { createVerifyKmsKeyAction } from './verifyKmsKey';
import { examples as verifyExamples } from './verifyKmsKey.examples';

const step = (example: string) => yaml.parse(example).steps[0];

describe('action examples run as written', () => {
  const { clients, keys } = sandbox();
  const workspace = createMockDirectory();
  const repo = createMockDirectory();
  // The examples name account 123456789012 and alias/orders-data: make sure the sandbox has them.
  const target = { accountId: '123456789012', region: 'us-east-1' };

  beforeAll(async () => {
    const kms = await clients.kms(target);
    const existing = await kms
      .send(new DescribeKeyCommand({ KeyId: 'alias/orders-data' }))
      .catch(() => undefined);
    if (!existing)
      await createKey(clients, target, {
        alias: 'alias/orders-data',
        rotation: true,
      });
  });

  it.each(createExamples.map(e => [e.description, e.example]))(
    'dynamodb:application:create: %s',
    async (_d, example) => {
      const action = createApplicationAction({ keys, rotation: 'warn' });
      const s = step(example);
      expect(s.action).toBe(action.id);
      const ctx = createMockActionContext({
        input: s.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'applicationPath',
        `apps/${s.input.tableName}/application.yaml`,
      );
    },
  );

  it.each(verifyExamples.map(e => [e.description, e.example]))(
    'dynamodb:kms-key:verify: %s',
    async (_d, example) => {
      const action = createVerifyKmsKeyAction({ keys, rotation: 'warn' });
      const s = step(example);
      expect(s.action).toBe(action.id);
      const ctx = createMockActionContext({ input: s.input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'keyArn',
        expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//),
      );
    },
  );

  it.each(publishExamples.map(e => [e.description, e.example]))(
    'dynamodb:gitops:commit-local: %s',
    async (_d, example) => {
      const action = createLocalGitPublishAction({ directory: repo.path });
      const s = step(example);
      expect(s.action).toBe(action.id);
      workspace.setContent({
        [s.input.sourcePath]: { 'application.yaml': 'kind: Application\n' },
      });
      const ctx = createMockActionContext({
        input: s.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'commitSha',
        expect.stringMatching(/^[0-9a-f]{40}$/),
      );
    },
  );
});
