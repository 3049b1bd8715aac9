import { expect, Page, test } from '@playwright/test';
import { signIn } from './portal';

/** The scorecard row of a check: its name, then its result. */
function checkRow(page: Page, name: string) {
  return page.getByRole('row').filter({ hasText: name });
}

/**
 * Reloads the entity page until the check has a result: the facts appear once the fleet scan has run and the
 * Tech Insights retriever has read it after.
 */
async function expectCheck(
  page: Page,
  path: string,
  name: string,
  result: 'Passed' | 'Failed',
) {
  await expect(async () => {
    await page.goto(path);
    await expect(
      page.getByText('Encryption scorecard', { exact: true }),
    ).toBeVisible();
    await expect(checkRow(page, name)).toContainText(result, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
}

test.describe('Encryption scorecard (Tech Insights)', () => {
  test.setTimeout(240_000);

  test('shows the checks on a table entity page, passed for a rotating customer managed key', async ({
    page,
  }) => {
    await signIn(page);
    await expectCheck(
      page,
      '/catalog/default/resource/orders',
      'DynamoDB tables use a customer managed key',
      'Passed',
    );
    for (const name of [
      'DynamoDB table keys rotate',
      'No critical or high DynamoDB encryption finding',
      'DynamoDB encryption matches Git',
    ])
      await expect(checkRow(page, name)).toContainText('Passed');
  });

  test('fails a table with a disabled key that does not rotate, and the service that depends on it', async ({
    page,
  }) => {
    await signIn(page);
    await expectCheck(
      page,
      '/catalog/default/resource/legacy-ledger',
      'No critical or high DynamoDB encryption finding',
      'Failed',
    );
    await expect(checkRow(page, 'DynamoDB table keys rotate')).toContainText(
      'Failed',
    );
    await expectCheck(
      page,
      '/catalog/default/component/payments-service',
      'DynamoDB table keys rotate',
      'Failed',
    );
    await expect(
      checkRow(page, 'DynamoDB tables use a customer managed key'),
    ).toContainText('Passed');
  });
});
