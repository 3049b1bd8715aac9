import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const root = resolvePackagePath('@internal/sandbox', '../..');

// Prettier 2 ships no types: the one function used here, typed.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const prettier: {
  getFileInfo(
    file: string,
    options: { ignorePath: string },
  ): Promise<{ ignored: boolean }>;
} = require('prettier');

/**
 * `./scripts/start.sh` then `./scripts/test.sh` must pass: the files the portal, the sandbox and the tools
 * write while running are not the project's sources, so Prettier (in the test command) never checks them.
 */
describe('generated and runtime files', () => {
  it.each([
    'sandbox/generated/gitops/apps/orders.yaml',
    'sandbox/generated/demo-fleet.catalog.yaml',
    '.data/e2e/generated/gitops/apps/orders.yaml',
    '.data/soak/backend.log.json',
    '.tools/node22/package.json',
    '.yarn/releases/yarn.cjs',
  ])('Prettier leaves %s alone', async file => {
    const info = await prettier.getFileInfo(join(root, file), {
      ignorePath: join(root, '.prettierignore'),
    });
    expect(info.ignored).toBe(true);
  });

  it('still checks the sources', async () => {
    const dir = await mkdtemp(
      join(root, 'packages/sandbox/src/.ignore-check-'),
    );
    try {
      const file = join(dir, 'x.yaml');
      await writeFile(file, 'a:   1\n');
      const info = await prettier.getFileInfo(file, {
        ignorePath: join(root, '.prettierignore'),
      });
      expect(info.ignored).toBe(false);
      expect(relative(root, file)).toMatch(/^packages\/sandbox\/src\//);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
