import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { createLocalGitPublishAction } from './publishLocalGit';

describe('dynamodb:gitops:commit-local', () => {
  const workspace = createMockDirectory();
  const repo = createMockDirectory();

  beforeEach(() => {
    workspace.clear();
    repo.clear();
    workspace.setContent({
      'apps/orders': {
        'application.yaml': 'kind: Application\n',
        'catalog-info.yaml': 'kind: Resource\n',
      },
    });
  });

  it('commits the files into the local repository', async () => {
    const action = createLocalGitPublishAction({ directory: repo.path });
    const ctx = createMockActionContext({
      input: {
        sourcePath: 'apps/orders',
        targetPath: 'apps/orders',
        message: 'Add table orders',
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    const log = execFileSync('git', ['log', '--format=%s', '--name-only'], {
      cwd: repo.path,
    }).toString();
    expect(log).toContain('Add table orders');
    expect(log).toContain('apps/orders/application.yaml');
    expect(ctx.output).toHaveBeenCalledWith(
      'commitSha',
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.path })
        .toString()
        .trim(),
    );
  });

  it('writes nothing in a dry run', async () => {
    const action = createLocalGitPublishAction({ directory: repo.path });
    const ctx = {
      ...createMockActionContext({
        input: {
          sourcePath: 'apps/orders',
          targetPath: 'apps/orders',
          message: 'x',
        },
        workspacePath: workspace.path,
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(repo.content()).toEqual({});
  });

  it('refuses paths outside the workspace or the repository, and says what to do without a repository', async () => {
    const action = createLocalGitPublishAction({ directory: repo.path });
    await expect(
      action.handler(
        createMockActionContext({
          input: { sourcePath: '../etc', targetPath: 'apps/x', message: 'x' },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(/outside/);
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            sourcePath: 'apps/orders',
            targetPath: '../../x',
            message: 'x',
          },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(/outside/);
    await expect(
      createLocalGitPublishAction({}).handler(
        createMockActionContext({
          input: {
            sourcePath: 'apps/orders',
            targetPath: 'apps/orders',
            message: 'x',
          },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(/publish:github:pull-request/);
  });
});
