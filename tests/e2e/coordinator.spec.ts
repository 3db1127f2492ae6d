import { expect, test } from '@playwright/test';
import {
  DEMO,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

// coordinator.az@demo.academy works in Russian (locale saved in the profile).
test.describe('coordinator of Azerbaijan', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, DEMO.coordinatorAz);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  });

  test('sees only the officers of Azerbaijan', async ({ page }, testInfo) => {
    await page.getByTestId('nav-officers').click();
    await expect(page).toHaveURL(/\/officers$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Сотрудники' })).toBeVisible();
    const rows = page.locator('[data-testid^="officer-row-"]');
    await expect(rows.first()).toBeVisible();
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => !/\.az@demo\.academy$|@e2e\.academy$/.test(id))).toEqual([]);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, testInfo, 'coordinator-officers');

    // Searching for a name that exists in both countries finds only the Azerbaijani one.
    await page.getByRole('searchbox').fill('officer01');
    await page.getByRole('search').getByRole('button', { name: 'Найти' }).click();
    await expect(page).toHaveURL(/q=officer01/);
    await expect(page.getByTestId('officer-row-officer01.az@demo.academy')).toBeVisible();
    await expect(page.getByTestId('officer-row-officer01.ge@demo.academy')).toHaveCount(0);
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole('status').filter({ hasText: 'Найдено: 1' })).toBeVisible();
    await expectAccessible(page);

    // The API refuses a Georgian officer too.
    const geList = await page.request.get('/api/officers', { params: { q: 'officer01.ge' } });
    expect(geList.ok()).toBeTruthy();
    expect(((await geList.json()) as { total: number }).total).toBe(0);
  });

  test('adds an officer and gets the password link', async ({ page }, testInfo) => {
    const email = uniqueEmail('added.az', testInfo);
    await page.goto('/officers');
    await page.getByTestId('officer-add').click();
    const dialog = page.getByRole('dialog', { name: 'Добавить сотрудника' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Электронная почта').fill(email);
    await dialog.getByLabel('Имя', { exact: true }).fill('Aynur Testova');
    await dialog.getByLabel('Язык').selectOption('ru');
    const select = dialog.getByLabel('Организация');
    await expect(select.locator('option', { hasText: '(GE-TBILISI)' })).toHaveCount(0);
    const option = select.locator('option', { hasText: '(AZ-ASTARA)' });
    await select.selectOption((await option.getAttribute('value'))!);
    await expectAccessible(page, 'add officer dialog');
    await dialog.getByRole('button', { name: 'Добавить сотрудника' }).click();

    await expect(dialog.getByText(`Учётная запись ${email} создана.`)).toBeVisible();
    await expect(dialog.locator('.link-box__link')).toHaveText(/\/set-password\?token=[\w-]{20,}$/);
    await expectAccessible(page, 'officer added');
    await screenshot(page, testInfo, 'coordinator-officer-added', { fullPage: false });
    await dialog.getByRole('button', { name: 'Готово' }).click();
    await expect(dialog).toHaveCount(0);

    await page.getByRole('searchbox').fill(email);
    await page.getByRole('search').getByRole('button', { name: 'Найти' }).click();
    const row = page.getByTestId(`officer-row-${email}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('AZ-ASTARA');
    await expect(row).toContainText('Пароль не задан');
  });

  test('imports a CSV file and sees the report with the bad row', async ({ page }, testInfo) => {
    const first = uniqueEmail('import1.az', testInfo);
    const second = uniqueEmail('import2.az', testInfo);
    const csv = [
      'email,name,locale,unit_code',
      `${first},Import One,ru,AZ-GYD`,
      `${second},Import Two,de,AZ-GYD`,
      `${uniqueEmail('import3.az', testInfo)},Import Three,en,AZ-BAKU-PORT`,
    ].join('\r\n');

    await page.goto('/officers');
    await page.getByTestId('officer-import-link').click();
    await expect(page).toHaveURL(/\/officers\/import$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Импорт сотрудников' })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    // Submitting without a file is caught in the browser.
    await page.getByTestId('import-submit').click();
    await expect(page.getByText('Сначала выберите файл CSV.')).toBeVisible();

    await page.getByLabel('Файл CSV').setInputFiles({
      name: 'officers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByTestId('import-submit').click();

    const report = page.getByTestId('import-report');
    await expect(report).toBeVisible();
    await expect(report.getByTestId('import-totalRows')).toHaveText('3');
    await expect(report.getByTestId('import-created')).toHaveText('2');
    await expect(report.getByTestId('import-failed')).toHaveText('1');
    const errors = report.getByTestId('import-errors').locator('tbody tr');
    await expect(errors).toHaveCount(1);
    await expect(errors.first()).toContainText('3');
    await expect(errors.first()).toContainText(second);
    await expect(errors.first()).toContainText('Язык должен быть «en» или «ru».');
    const invitations = report.getByTestId('import-invitations').locator('li');
    await expect(invitations).toHaveCount(2);
    await expect(invitations.filter({ hasText: first })).toContainText('/set-password?token=');
    await expectAccessible(page, 'import report');
    await expectNoHorizontalOverflow(page);
    await screenshot(page, testInfo, 'coordinator-import-report');

    await page.getByRole('link', { name: 'Сотрудники' }).first().click();
    await expect(page).toHaveURL(/\/officers$/);
    await page.getByRole('searchbox').fill(first);
    await page.getByRole('search').getByRole('button', { name: 'Найти' }).click();
    await expect(page.getByTestId(`officer-row-${first}`)).toBeVisible();
    await expect(page.getByTestId(`officer-row-${second}`)).toHaveCount(0);
  });
});

test('coordinator of Georgia does not see Azerbaijani officers', async ({ page }) => {
  await login(page, DEMO.coordinatorGe);
  await page.getByTestId('nav-officers').click();
  const rows = page.locator('[data-testid^="officer-row-"]');
  await expect(rows.first()).toBeVisible();
  const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  expect(ids.length).toBeGreaterThan(5);
  expect(ids.filter((id) => id.includes('.az@'))).toEqual([]);
  await expectAccessible(page);

  await page.getByRole('searchbox').fill('learner');
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId(`officer-row-${DEMO.learnerGe}`)).toBeVisible();
  await expect(page.getByTestId(`officer-row-${DEMO.learnerAz}`)).toHaveCount(0);
  await expect(rows).toHaveCount(1);
});
