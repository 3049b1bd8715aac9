import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AWS_ACCOUNT_ANNOTATION,
  renderApplicationYaml,
  TableApplicationSpec,
} from '@dynamodb-encryption/backstage-plugin-common';
import { Fleet, FleetTable } from './fleet';

const git = promisify(execFile);

/** The Application a demo table is declared by, with its key resolved as the scaffolder would. */
export function tableApplication(
  fleet: Fleet,
  table: FleetTable,
  keyArns: Record<string, string>,
): TableApplicationSpec {
  let encryption = table.encryption as TableApplicationSpec['encryption'];
  if (encryption && table.key) {
    const key = fleet.keys.find(k => k.id === table.key)!;
    encryption = {
      ...encryption,
      kmsKeyId:
        table.manifestKeyReference === 'alias' ? key.alias : keyArns[table.key],
    };
  }
  return {
    annotations: { [AWS_ACCOUNT_ANNOTATION]: table.account },
    table: {
      tableName: table.name,
      region: table.region,
      billingMode: 'PAY_PER_REQUEST',
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      tags: { owner: table.owner },
    },
    ...(encryption ? { encryption } : {}),
  };
}

/** Path of a table's Application inside the GitOps repository. */
export const applicationPath = (tableName: string) => `apps/${tableName}.yaml`;

/**
 * Writes every demo table's Application into the sandbox GitOps repository (a real local Git repository) and
 * commits what changed.
 */
export async function writeGitOps(
  dir: string,
  fleet: Fleet,
  keyArns: Record<string, string>,
): Promise<void> {
  await mkdir(join(dir, 'apps'), { recursive: true });
  await git('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  for (const table of fleet.tables) {
    const file = join(dir, applicationPath(table.name));
    const text = renderApplicationYaml(tableApplication(fleet, table, keyArns));
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current !== text) await writeFile(file, text);
  }
  const { stdout } = await git('git', ['status', '--porcelain'], { cwd: dir });
  if (stdout.trim()) {
    await git('git', ['add', '-A'], { cwd: dir });
    await git(
      'git',
      [
        '-c',
        'user.name=Sandbox seeder',
        '-c',
        'user.email=sandbox@localhost',
        'commit',
        '-q',
        '-m',
        'Demo fleet Applications',
      ],
      { cwd: dir },
    );
  }
}
