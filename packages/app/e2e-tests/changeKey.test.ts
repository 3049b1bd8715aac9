import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { changeKeyUpToPreview, createAndWait } from './publishStep';
import { backendUrl, gitopsDir, guestApi, signIn } from './portal';

// A demo table on the AWS owned key (its Application says `enabled: false`) that no other browser test reads.
const TABLE = 'feature-flags';
const FILE = `apps/${TABLE}.yaml`;
const NOT_KMS =
  'Encrypted with the AWS owned key, not a KMS key: no key policy, rotation or key use to show';

async function report() {
  const res = await (
    await guestApi()
  ).get(
    `${backendUrl}/api/dynamodb-encryption/entities/default/resource/${TABLE}/encryption`,
  );
  return res.json();
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: gitopsDir }).toString();

test.describe('Change a table key through Git', () => {
  const original = readFileSync(resolve(gitopsDir, FILE), 'utf8');

  // Put the demo table back as the seed made it (AWS owned), for whatever runs next on this sandbox.
  test.afterAll(async () => {
    test.setTimeout(120_000);
    if (readFileSync(resolve(gitopsDir, FILE), 'utf8') === original) return;
    writeFileSync(resolve(gitopsDir, FILE), original);
    git(
      '-c',
      'user.name=e2e',
      '-c',
      'user.email=e2e@example.com',
      'commit',
      '-q',
      '-m',
      `Put ${TABLE} back on the AWS owned key`,
      '--',
      FILE,
    );
    await expect
      .poll(async () => (await report()).encryption?.keyType, {
        timeout: 90_000,
      })
      .toBe('AWS_OWNED');
  });

  test('Change key → a customer managed key → the diff and the cost → Create; the card shows the new key, no drift, the finding gone', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await signIn(page);
    await page.goto(`/catalog/default/resource/${TABLE}`);
    await expect(page.getByText('AWS owned', { exact: true })).toBeVisible();
    await expect(page.getByText(NOT_KMS).first()).toBeVisible();

    // The card's button opens the template with the table filled in.
    await changeKeyUpToPreview(page, 'alias/orders-data (rotation on)');

    // The preview: only the trait's lines change, the key by its ARN; the cost before and after; the limit.
    const diff = page.getByTestId('key-change-diff');
    await expect(diff).toBeVisible({ timeout: 60_000 });
    // Read as written (a matcher on text would fold the indentation).
    expect(
      await diff.locator('[data-kind="removed"]').allTextContents(),
    ).toEqual(['-            enabled: false']);
    const added = await diff.locator('[data-kind="added"]').allTextContents();
    expect(added.slice(0, 2)).toEqual([
      '+            enabled: true',
      '+            sseType: KMS',
    ]);
    expect(added[2]).toMatch(
      /^\+ {12}kmsKeyId: arn:aws:kms:us-east-1:111111111111:key\/[0-9a-f-]{36}$/,
    );
    expect(added).toHaveLength(3);
    const cost = page.getByTestId('key-change-cost');
    await expect(cost).toContainText(
      'Estimated KMS cost now$0.00 / monthon the AWS owned key',
    );
    await expect(cost).toContainText(
      /After the change\$\d+\.\d\d \/ monthon the Customer managed key alias\/orders-data/,
    );
    await expect(page.getByTestId('key-change-switches')).toContainText(
      'DynamoDB allows 4 key switches of a table in 24 hours',
    );
    await expect(page.getByTestId('key-change-refusals')).toHaveCount(0);

    await createAndWait(page);
    const created = Date.now();

    // One commit to the GitOps repository, changing only the trait's lines of the table's Application.
    expect(git('log', '-1', '--format=%s')).toContain(
      `Change the key of DynamoDB table ${TABLE} to CUSTOMER_MANAGED`,
    );
    expect(git('show', '--format=', '--name-only', 'HEAD').trim()).toBe(FILE);
    const changed = git('show', '--format=', '-U0', 'HEAD')
      .split('\n')
      .filter(l => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed)
      expect(line).toMatch(/^[-+] {12}(enabled|sseType|kmsKeyId): /);
    const committed = parse(readFileSync(resolve(gitopsDir, FILE), 'utf8'));
    const keyArn = committed.spec.components[0].traits.find(
      (t: { type: string }) => t.type === 'dynamodb-encryption-kro',
    ).properties.kmsKeyId;

    // Within 120 s the card shows the new key and the finding is gone; the tab shows no drift.
    await page.getByRole('link', { name: 'The table in the catalog' }).click();
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByText('Customer managed', { exact: true }),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000 - (Date.now() - created) });
    await expect(
      page.getByText('alias/orders-data', { exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByText(NOT_KMS)).toHaveCount(0);
    await page.goto(`/catalog/default/resource/${TABLE}/dynamodb-encryption`);
    await expect(page.getByText('Desired (Git) vs actual (AWS)')).toBeVisible();
    await expect(page.getByText(keyArn).first()).toBeVisible();
    await expect(page.getByText(/^Drift in /)).toHaveCount(0);
    const after = await report();
    expect(after.encryption.kmsKeyArn).toBe(keyArn);
    expect(after.drift).toEqual([]);
    expect(after.findings.map((f: { id: string }) => f.id)).not.toContain(
      'compliance-kms-encryption',
    );
  });
});
