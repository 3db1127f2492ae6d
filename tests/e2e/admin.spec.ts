import { expect, test, type Locator } from '@playwright/test';
import {
  DEMO,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

/** Chooses the <option> whose label ends with "(CODE)" (labels are indented tree names). */
async function selectOrganisation(select: Locator, code: string): Promise<void> {
  const option = select.locator('option', { hasText: `(${code})` });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute('value'))!);
}

test.describe('admin', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, DEMO.admin);
  });

  test('searches users', async ({ page }, testInfo) => {
    await page.getByTestId('nav-users').click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    // The list is sorted by name, 20 a page; other tests add users, so only the first row is certain.
    await expect(page.locator('[data-testid^="user-row-"]').first()).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, testInfo, 'admin-users');

    await page.getByRole('searchbox').fill('officer03');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=officer03/);
    await expect(page.getByTestId('user-row-officer03.az@demo.academy')).toBeVisible();
    await expect(page.getByTestId('user-row-officer03.ge@demo.academy')).toBeVisible();
    await expect(page.getByTestId('user-row-officer01.az@demo.academy')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: /2/ })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('searchbox').fill('no-such-person-anywhere');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No users match these filters.')).toBeVisible();
    await expectAccessible(page);
  });

  test('creates a user in an organisation and gets the one-time password link', async ({
    page,
  }, testInfo) => {
    const email = uniqueEmail('new.user', testInfo);
    await page.goto('/admin/users');
    await page.getByTestId('user-create').click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, 'create dialog');

    // Client-side validation first.
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('This field is required.').first()).toBeVisible();

    await dialog.getByLabel('E-mail').fill(email);
    await dialog.getByLabel('Name', { exact: true }).fill('Ilgar Test');
    await dialog.getByLabel('Language').selectOption('ru');
    await selectOrganisation(dialog.getByLabel('Organisation'), 'AZ-GYD');
    await dialog.getByRole('checkbox', { name: 'Author' }).check();
    await dialog.getByRole('button', { name: 'Create user' }).click();

    await expect(dialog.getByText(`The account ${email} has been created.`)).toBeVisible();
    const link = dialog.locator('.link-box__link');
    await expect(link).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/set-password\?token=[\w-]{20,}$/);
    await expect(dialog.getByRole('button', { name: `Copy the link for ${email}` })).toBeVisible();
    await expectAccessible(page, 'created dialog');
    await screenshot(page, testInfo, 'admin-user-created', { fullPage: false });

    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);
    await page.getByRole('searchbox').fill(email);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('AZ-GYD');
    await expect(row).toContainText('Author');
    await expect(row).toContainText('No password yet');
  });

  test('opens the organisation tree and expands Azerbaijan', async ({ page }, testInfo) => {
    await page.getByTestId('nav-organisations').click();
    await expect(page).toHaveURL(/\/admin\/organisations$/);
    const az = page.getByTestId('org-AZ');
    await expect(az).toBeVisible();
    await expect(az).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('org-AZ-TC')).toHaveCount(0);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    await az.locator(':scope > .tree__row > .tree__toggle').click();
    await expect(az).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('org-AZ-TC')).toBeVisible();

    // Select Azerbaijan, then work the tree with the keyboard (WAI-ARIA tree pattern).
    await az.locator(':scope > .tree__row .tree__name').click();
    await expect(az).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { level: 2, name: 'Azerbaijan' })).toBeVisible();
    await az.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('org-AZ-ASTARA')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(az).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(az).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('ArrowRight');
    await expect(az).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('org-AZ-BAKU-PORT')).toBeVisible();
    await expectAccessible(page, 'expanded tree');
    await expectNoHorizontalOverflow(page);
    await screenshot(page, testInfo, 'admin-organisations');
  });
});
