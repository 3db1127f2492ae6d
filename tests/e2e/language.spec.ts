import { expect, test } from '@playwright/test';
import {
  createAccount,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

test('the language switch turns the interface to Russian, is saved to the profile and switches back', async ({
  page,
  request,
}, testInfo) => {
  // A fresh account: no other test depends on its language.
  const email = uniqueEmail('lang', testInfo);
  const password = 'e2e-language-Passw0rd';
  await createAccount(request, {
    email,
    displayName: 'Language Tester',
    locale: 'en',
    organisationCode: 'GE-TBILISI',
    password,
  });

  await login(page, email, password);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('nav-home')).toHaveText('My learning');
  await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');

  const saved = page.waitForResponse(
    (res) => res.url().endsWith('/api/auth/me') && res.request().method() === 'PATCH' && res.ok(),
  );
  await page.getByTestId('lang-ru').click();
  await saved;
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByTestId('nav-home')).toHaveText('Моё обучение');
  await expect(page.getByTestId('logout')).toHaveText('Выйти');
  await expect(page.getByTestId('lang-ru')).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveTitle(/Моё обучение/);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'home-ru');

  // Saved to the profile, not only to this browser: a reload without local storage keeps Russian.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByTestId('nav-home')).toHaveText('Моё обучение');
  const me = await page.request.get('/api/auth/me');
  expect(((await me.json()) as { locale: string }).locale).toBe('ru');

  await page.getByTestId('nav-profile').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'profile-ru');

  const savedBack = page.waitForResponse(
    (res) => res.url().endsWith('/api/auth/me') && res.request().method() === 'PATCH' && res.ok(),
  );
  await page.getByTestId('lang-en').click();
  await savedBack;
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('nav-home')).toHaveText('My learning');
  await page.reload();
  await expect(page.getByTestId('nav-home')).toHaveText('My learning');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page);
});

test('the login page can be switched to Russian before signing in', async ({ page }, testInfo) => {
  await page.goto('/login');
  await page.getByTestId('lang-ru').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход');
  await expect(page.getByTestId('login-submit')).toHaveText('Войти');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'login-ru');
});
