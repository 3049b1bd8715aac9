import {
  AWS_ACCOUNT_ANNOTATION,
  parseApplicationStatus,
  renderApplicationYaml,
} from '@dynamodb-encryption/backstage-plugin-common';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKey,
  observedKeyType,
  randomAccount,
  sandboxEndpoint,
} from './chain/testSupport';
import { reconcileRepository } from './reconciler';

describe('reconcileRepository', () => {
  const endpoint = sandboxEndpoint();
  const accountId = randomAccount();

  it('applies every Application of the repository once, in the account it names, and reports refusals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gitops-'));
    const { arn } = await createKey(endpoint, accountId, 'eu-west-1', {
      alias: 'alias/reconciled',
    });
    const app = (tableName: string, encryption: Record<string, unknown>) =>
      renderApplicationYaml({
        applicationName: tableName,
        componentName: tableName,
        annotations: { [AWS_ACCOUNT_ANNOTATION]: accountId },
        table: {
          tableName,
          region: 'eu-west-1',
          attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
          keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
        },
        encryption,
      });
    await mkdir(join(dir, 'apps/new-table'), { recursive: true });
    await writeFile(
      join(dir, 'apps/new-table/application.yaml'),
      app('new-table', { sseType: 'KMS', kmsKeyId: arn }),
    );
    await writeFile(
      join(dir, 'apps/bad.yaml'),
      app('bad-table', { sseType: 'KMS' }),
    );
    await writeFile(
      join(dir, 'apps/new-table/catalog-info.yaml'),
      'kind: Resource\n',
    );

    const first = await reconcileRepository(
      endpoint,
      dir,
      '111111111111',
      'abc123',
    );
    expect(first.applications).toBe(2);
    expect(first.created).toEqual([`${accountId}/eu-west-1/new-table`]);
    expect(first.errors).toEqual([
      expect.stringMatching(
        /^apps\/bad.yaml: dynamodb-encryption-kro: kmsKeyId: is required/,
      ),
    ]);
    expect(
      (await observedKeyType(endpoint, accountId, 'eu-west-1', 'new-table'))
        .keyType,
    ).toBe('CUSTOMER_MANAGED');

    // Each Application's status sits beside it, the refusal with its reason, for the table's page.
    const status = async (path: string) =>
      parseApplicationStatus(await readFile(join(dir, path), 'utf8'));
    expect(await status('apps/bad.status.json')).toMatchObject({
      application: 'bad-table',
      phase: 'refused',
      message: expect.stringMatching(/kmsKeyId: is required/),
      commit: 'abc123',
    });
    expect(
      await status('apps/new-table/application.status.json'),
    ).toMatchObject({ application: 'new-table', phase: 'applied' });

    const second = await reconcileRepository(endpoint, dir, '111111111111');
    expect(second.created).toEqual([]);
  });
});
