import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { createAndWait, lastCommit, publishToSandbox } from './publishStep';
import { backendUrl, gitopsDir, guestApi, signIn } from './portal';

const gitopsUrl = process.env.GITOPS_URL ?? 'http://127.0.0.1:4587';

async function openForm(page: Page) {
  await signIn(page);
  await page.goto('/create');
  await page
    .getByText('Encrypted DynamoDB table', { exact: true })
    .first()
    .scrollIntoViewIfNeeded();
  await page
    .locator('article, .MuiCard-root')
    // The innermost card with this exact title (the page's article holds every template's card).
    .filter({
      has: page.getByText('Encrypted DynamoDB table', { exact: true }),
    })
    .last()
    .getByRole('button', { name: 'Choose' })
    .click();
}

const RULE_WORDS =
  'use letters, digits, `_`, `.` and `-`; 3 to 63 characters, starting and ending with a letter or digit';

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
    const api = await guestApi();
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
    const api = await guestApi();
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
    await openForm(page);

    await page.getByLabel('Table name').fill(tableName);
    // Checked while typing, through the backend.
    await expect(
      page.getByText(
        `Free in 111111111111/us-east-1 and in the catalog; its Application will be named ${tableName}`,
      ),
    ).toBeVisible();
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
    await publishToSandbox(page);
    await page.getByRole('button', { name: 'Next' }).click();

    // The preview: key type in words, the cost from the one assessment, the files the task will commit.
    await expect(page.getByTestId('preview-key-type')).toHaveText(
      'Key: Customer managed',
    );
    await expect(page.getByTestId('preview-cost')).toContainText(
      'About $1.03 a month',
    );
    // Each file as highlighted YAML (a code snippet), its text whole.
    const preview = page.getByTestId('preview-application').locator('code');
    await expect(preview).toContainText('kind: Application', {
      timeout: 60_000,
    });
    await expect(preview).toHaveClass(/language-yaml/);
    await expect(preview.locator('.hljs-attr').first()).toBeVisible();
    const previewedApplication = await preview.textContent();
    const previewedEntity = await page
      .getByTestId('preview-catalog-info')
      .locator('code')
      .textContent();

    await createAndWait(page);

    const log = lastCommit(gitopsDir);
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
    // What the preview showed is, byte for byte, what was committed.
    expect(previewedApplication).toBe(
      readFileSync(
        resolve(gitopsDir, `apps/${tableName}/application.yaml`),
        'utf8',
      ),
    );
    expect(previewedEntity).toBe(
      readFileSync(
        resolve(gitopsDir, `apps/${tableName}/catalog-info.yaml`),
        'utf8',
      ),
    );
    // The task page links to the encryption tab and the committed Application, and names the commit.
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: gitopsDir })
      .toString()
      .trim();
    await expect(
      page.getByTestId('text-output-box').getByText(sha),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: "The table's encryption card" }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/resource/${tableName}/dynamodb-encryption`,
    );
    await expect(
      page.getByRole('link', { name: 'The committed Application' }),
    ).toHaveAttribute(
      'href',
      new RegExp(`/apps/${tableName}/application.yaml$`),
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

  test('a bad name shows the rule in words, not the pattern', async ({
    page,
  }) => {
    await openForm(page);
    await page.getByLabel('Table name').fill('Bad Name!');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(RULE_WORDS).first()).toBeVisible();
    await expect(
      page.getByText(/must match pattern|\^\[A-Za-z0-9\]/),
    ).toHaveCount(0);
    // Still on the first step.
    await expect(page.getByLabel('Table name')).toBeVisible();
  });

  test('an existing table name is refused before Create', async ({ page }) => {
    await openForm(page);
    await page.getByLabel('Table name').fill('orders');
    const taken =
      'a table named orders already exists in 111111111111/us-east-1';
    await expect(page.getByText(taken, { exact: false }).first()).toBeVisible();
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'orders-team' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    // The step's validation asked the backend too: Next is refused with the reason.
    await expect(page.getByText(taken, { exact: false }).first()).toBeVisible();
    await expect(page.getByLabel('Table name')).toBeVisible();
    await expect(page.getByText('Key attributes')).toHaveCount(0);
  });

  test('a name changed after Next refused it is judged by its own check, without another Next', async ({
    page,
  }) => {
    await openForm(page);
    const name = page.getByLabel('Table name');
    // The field with what is said beside it (the form's step-wide list of errors is above the form).
    const field = page
      .locator('.MuiFormControl-root')
      .filter({ has: name })
      .first();
    const taken =
      'a table named orders already exists in 111111111111/us-east-1';
    await name.fill('orders');
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'orders-team' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(field.getByText(taken)).toBeVisible();
    await expect(name).toHaveAttribute('aria-invalid', 'true');

    const free = `e2e-fixed-${Date.now().toString(36)}`;
    await name.fill(free);
    await expect(
      field.getByText(
        `Free in 111111111111/us-east-1 and in the catalog; its Application will be named ${free}`,
      ),
    ).toBeVisible();
    await expect(field.getByText(taken)).toHaveCount(0);
    await expect(name).toHaveAttribute('aria-invalid', 'false');
    // Next was not pressed again: still the first step.
    await expect(page.getByText('Key attributes')).toHaveCount(0);
  });

  test("a refused Application shows its reason on the table's page", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const name = `e2e-refused-${Date.now().toString(36)}`;
    const folder = resolve(gitopsDir, 'apps', name);
    mkdirSync(folder, { recursive: true });
    // Hand-written, as a platform engineer might: KMS without a key, which the trait refuses.
    writeFileSync(
      resolve(folder, 'application.yaml'),
      `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: ${name}
spec:
  components:
    - name: ${name}
      type: aws-dynamodb-kro
      properties:
        tableName: ${name}
        region: us-east-1
        attributeDefinitions: [{ attributeName: id, attributeType: S }]
        keySchema: [{ attributeName: id, keyType: HASH }]
      traits:
        - type: dynamodb-encryption-kro
          properties: { sseType: KMS }
`,
    );
    writeFileSync(
      resolve(folder, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}
  annotations:
    aws.amazon.com/dynamodb-table-arn: arn:aws:dynamodb:us-east-1:111111111111:table/${name}
    dynamodb-encryption.io/application-manifest: ./application.yaml
spec:
  type: dynamodb-table
  owner: group:default/orders-team
`,
    );
    execFileSync('git', ['add', `apps/${name}`], { cwd: gitopsDir });
    execFileSync(
      'git',
      [
        '-c',
        'user.name=e2e',
        '-c',
        'user.email=e2e@example.com',
        'commit',
        '-m',
        `Add ${name} by hand`,
      ],
      { cwd: gitopsDir },
    );
    const api = await guestApi();
    const registered = await api.post(`${backendUrl}/api/catalog/locations`, {
      data: {
        type: 'url',
        target: `${gitopsUrl}/apps/${name}/catalog-info.yaml`,
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);

    await signIn(page);
    await page.goto(`/catalog/default/resource/${name}`);
    await expect(async () => {
      await page.reload();
      await expect(
        page
          .getByText(
            new RegExp(
              `The GitOps reconciler refused Application ${name} at commit [0-9a-f]{8}: .*kmsKeyId`,
            ),
          )
          .filter({ visible: true })
          .first(),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
  });
});
