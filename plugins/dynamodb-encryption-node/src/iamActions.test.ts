import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_ACCOUNT_ACTIONS, TARGET_ACCOUNT_ACTIONS } from './iamActions';

const root = resolvePackagePath(
  '@dynamodb-encryption/backstage-plugin-node',
  '../..',
);

/** What an operator grants is what the docs list: every action the code calls, in every place that lists them. */
describe.each([
  'docs/production.md',
  'plugins/dynamodb-encryption-backend/README.md',
  'plugins/dynamodb-encryption-node/README.md',
])('%s', doc => {
  it('lists every IAM action the portal calls', () => {
    const text = readFileSync(join(root, doc), 'utf8');
    const missing = [...TARGET_ACCOUNT_ACTIONS, ...MAIN_ACCOUNT_ACTIONS].filter(
      a => !text.includes(a),
    );
    expect(missing).toEqual([]);
  });
});
