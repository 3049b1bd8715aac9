import { expect, Page, request } from '@playwright/test';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** The backend under test: scripts/e2e.sh and scripts/adopter-check.sh export BACKEND_URL. */
export const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';

/** The sandbox's GitOps repository, where the portal under test commits. */
export const gitopsDir =
  process.env.GITOPS_DIR ??
  resolve(__dirname, '../../../sandbox/generated/gitops');

/** The sandbox the portal under test reads (scripts/e2e.sh exports SANDBOX_PORT). */
export const sandboxEndpoint =
  process.env.SANDBOX_ENDPOINT ??
  `http://127.0.0.1:${process.env.SANDBOX_PORT ?? '4566'}`;

/**
 * Signs in as the guest, as a user does on the sign-in page; an app that signs the guest in by itself
 * (`auto`, as `create-app --legacy` writes it) shows its sidebar at once. The sidebar's catalog entry is
 * "Catalog" in the new frontend system and "Home" in a legacy app.
 */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' }).first();
  const sidebar = page.getByRole('link', { name: /^(Catalog|Home)$/ }).first();
  await expect(enter.or(sidebar)).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(sidebar).toBeVisible();
}

/** Opens a table's "Encryption" tab: a link on the new frontend system's entity page, a tab on a legacy one. */
export async function openEncryptionTab(page: Page) {
  await page
    .getByRole('link', { name: 'Encryption', exact: true })
    .or(page.getByRole('tab', { name: 'Encryption', exact: true }))
    .click();
}

/** The guest's Backstage token, from the guest provider's refresh. */
export async function guestToken(): Promise<string> {
  const anonymous = await request.newContext();
  const res = await anonymous.get(`${backendUrl}/api/auth/guest/refresh`);
  return (await res.json()).backstageIdentity.token;
}

/** An HTTP client of the backend under test, signed in as the guest. */
export async function guestApi() {
  return request.newContext({
    extraHTTPHeaders: { Authorization: `Bearer ${await guestToken()}` },
  });
}

/**
 * A sandbox CLI move (`yarn workspace @internal/sandbox move <move> …`, docs/events.md), run as the package's
 * `move` script runs it, on the sandbox the portal under test reads: the AWS call, then CloudTrail's event
 * on the account's default bus. Resolves to what the move printed.
 */
export async function sandboxMove(move: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/cli.ts',
      move,
      ...args,
    ],
    {
      cwd: resolve(__dirname, '../../sandbox'),
      env: { ...process.env, SANDBOX_ENDPOINT: sandboxEndpoint },
      timeout: 60_000,
    },
  );
  return stdout;
}
