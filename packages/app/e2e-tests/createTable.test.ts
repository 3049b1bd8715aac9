import { expect, Page, request, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';
const gitopsDir =
  process.env.GITOPS_DIR ??
  resolve(__dirname, '../../../sandbox/generated/gitops');

async function guestToken(): Promise<string> {
  const api = await request.newContext();
  const res = await api.get(`${backendUrl}/api/auth/guest/refresh`);
  return (await res.json()).backstageIdentity.token;
}

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog' }).first(),
  ).toBeVisible();
}

test.describe('Self-service encrypted table', () => {
  test('the template passes the scaffolder dry run', async () => {
    const template = parse(
      readFileSync(
        resolve(
          __dirname,
          '../../../templates/encrypted-dynamodb-table/template.yaml',
        ),
        'utf8',
      ),
    );
    const api = await request.newContext({
      extraHTTPHeaders: { Authorization: `Bearer ${await guestToken()}` },
    });
    const res = await api.post(`${backendUrl}/api/scaffolder/v2/dry-run`, {
      data: {
        template,
        values: {
          tableName: 'dry-run-table',
          region: 'us-east-1',
          owner: 'group:default/orders-team',
          attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
          keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
          billingMode: 'PAY_PER_REQUEST',
          keyChoice: 'AWS_MANAGED',
          deletionProtection: true,
          pointInTimeRecovery: true,
          streamViewType: 'NONE',
          publishTo: 'local',
        },
        secrets: {},
        directoryContents: [],
      },
    });
    const body = await res.json();
    expect(res.status(), JSON.stringify(body)).toBe(200);
    const files = body.directoryContents.map((f: { path: string }) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'apps/dry-run-table/application.yaml',
        'apps/dry-run-table/catalog-info.yaml',
      ]),
    );
    expect(body.steps.map((s: { id: string }) => s.id)).toContain('render');
  });

  test('a PROVISIONED table carries its capacity into the Application', async () => {
    const template = parse(
      readFileSync(
        resolve(
          __dirname,
          '../../../templates/encrypted-dynamodb-table/template.yaml',
        ),
        'utf8',
      ),
    );
    const api = await request.newContext({
      extraHTTPHeaders: { Authorization: `Bearer ${await guestToken()}` },
    });
    const res = await api.post(`${backendUrl}/api/scaffolder/v2/dry-run`, {
      data: {
        template,
        values: {
          tableName: 'Provisioned_Orders',
          region: 'us-east-1',
          owner: 'group:default/orders-team',
          attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
          keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
          billingMode: 'PROVISIONED',
          readCapacityUnits: 7,
          writeCapacityUnits: 3,
          keyChoice: 'AWS_OWNED',
          deletionProtection: false,
          pointInTimeRecovery: false,
          streamViewType: 'NONE',
          publishTo: 'local',
        },
        secrets: {},
        directoryContents: [],
      },
    });
    const body = await res.json();
    expect(res.status(), JSON.stringify(body)).toBe(200);
    const file = body.directoryContents.find(
      (f: { path: string }) =>
        f.path === 'apps/Provisioned_Orders/application.yaml',
    );
    const app = parse(Buffer.from(file.base64Content, 'base64').toString());
    expect(app.metadata.name).toMatch(/^provisioned-orders-[0-9a-f]{8}$/);
    expect(app.spec.components[0].properties).toMatchObject({
      billingMode: 'PROVISIONED',
      provisionedThroughput: { readCapacityUnits: 7, writeCapacityUnits: 3 },
    });
  });

  test('fill the form for a CMK table, publish it, and see it protected by its key', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const tableName = `e2e-orders-${Date.now().toString(36)}`;
    await signIn(page);
    await page.goto('/create');
    await page
      .getByText('Encrypted DynamoDB table', { exact: true })
      .first()
      .scrollIntoViewIfNeeded();
    await page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Encrypted DynamoDB table' })
      .getByRole('button', { name: 'Choose' })
      .click();

    await page.getByLabel('Table name').fill(tableName);
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'orders-team' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('button', { name: 'Next' }).click();

    await expect(
      page.getByText('Customer managed key: $1 a month', { exact: false }),
    ).toBeVisible();
    await page.locator('#root_kmsKeyArn').click();
    await page
      .getByRole('option', { name: 'alias/orders-data (rotation on)' })
      .click();
    await expect(
      page.getByText(/Rotates automatically\. About \$1\.03 a month/),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await expect(
      page.getByRole('link', { name: 'The table in the catalog' }),
    ).toBeVisible({ timeout: 120_000 });

    const log = execFileSync(
      'git',
      ['log', '--format=%s', '--name-only', '-n', '1'],
      { cwd: gitopsDir },
    ).toString();
    expect(log).toContain(`Add DynamoDB table ${tableName}`);
    expect(log).toContain(`apps/${tableName}/application.yaml`);
    const app = parse(
      readFileSync(
        resolve(gitopsDir, `apps/${tableName}/application.yaml`),
        'utf8',
      ),
    );
    expect(app.spec.components[0].traits[0].properties.kmsKeyId).toMatch(
      /^arn:aws:kms:us-east-1:111111111111:key\//,
    );

    await page.getByRole('link', { name: 'The table in the catalog' }).click();
    // The sandbox reconciler creates the table from the commit; reload until the card reads it.
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByText('Customer managed', { exact: true }),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    await expect(
      page.getByText('alias/orders-data', { exact: true }).first(),
    ).toBeVisible();
  });
});
