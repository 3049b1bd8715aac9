import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { examples } from './publishLocalGit.examples';

const run = promisify(execFile);

/**
 * `dynamodb:gitops:commit-local`: commits workspace files into the sandbox's local GitOps repository
 * (`dynamodbEncryption.localGitops.directory`). Production templates publish with
 * `publish:github:pull-request` instead. Arguments reach git as an argument list, never through a shell.
 */
export function createLocalGitPublishAction(deps: {
  directory?: string;
  baseUrl?: string;
}) {
  return createTemplateAction({
    id: 'dynamodb:gitops:commit-local',
    description:
      'Commits workspace files into the local GitOps repository of the sandbox.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        sourcePath: z => z.string().describe('Workspace folder to publish'),
        targetPath: z => z.string().describe('Folder inside the repository'),
        message: z => z.string().min(1).describe('Commit message'),
      },
      output: {
        commitSha: z => z.string().describe('The commit, or "dry-run"'),
        repositoryPath: z =>
          z.string().describe('Where the files went inside the repository'),
        url: z =>
          z
            .string()
            .optional()
            .describe(
              'The folder over HTTP, when dynamodbEncryption.localGitops.baseUrl is set',
            ),
      },
    },
    async handler(ctx) {
      const repo = deps.directory;
      if (!repo) {
        throw new InputError(
          'Publishing to a local Git repository is for the sandbox: set dynamodbEncryption.localGitops.directory, or publish with publish:github:pull-request',
        );
      }
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath,
      );
      const target = resolveSafeChildPath(repo, ctx.input.targetPath);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit ${ctx.input.sourcePath} to ${ctx.input.targetPath} in the local GitOps repository`,
        );
        ctx.output('commitSha', 'dry-run');
        ctx.output('repositoryPath', ctx.input.targetPath);
        return;
      }
      const commitSha = await ctx.checkpoint({
        key: `commit-local-${ctx.input.targetPath}`,
        fn: async () => {
          await mkdir(target, { recursive: true });
          await cp(source, target, { recursive: true });
          await run('git', ['init', '-q', '-b', 'main'], { cwd: repo });
          await run('git', ['add', '--', ctx.input.targetPath], { cwd: repo });
          const author = ctx.user?.ref ?? 'scaffolder';
          await run(
            'git',
            [
              '-c',
              'user.name=Backstage scaffolder',
              '-c',
              'user.email=scaffolder@localhost',
              'commit',
              '-q',
              '-m',
              `${ctx.input.message}\n\nRequested by ${author}`,
              '--',
              ctx.input.targetPath,
            ],
            { cwd: repo },
          );
          return (
            await run('git', ['rev-parse', 'HEAD'], { cwd: repo })
          ).stdout.trim();
        },
      });
      ctx.logger.info(`Committed ${ctx.input.targetPath} as ${commitSha}`);
      ctx.output('commitSha', commitSha);
      ctx.output('repositoryPath', ctx.input.targetPath);
      if (deps.baseUrl) {
        ctx.output(
          'url',
          `${deps.baseUrl.replace(/\/+$/, '')}/${ctx.input.targetPath
            .split('/')
            .map(encodeURIComponent)
            .join('/')}`,
        );
      }
    },
  });
}
