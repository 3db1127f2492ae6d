import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, expectNoHorizontalOverflow, login, screenshot } from './helpers';

test('an unknown address shows the 404 page with a way back', async ({ page }, testInfo) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle(/Page not found/);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'not-found');

  await page.getByRole('link', { name: 'Back to the home page' }).click();
  // The home page needs a session, so an anonymous visitor lands on the login form.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('#email')).toBeVisible();
});

test('a signed-in user goes from the 404 page back home', async ({ page }) => {
  await login(page, DEMO.learnerAz);
  await page.goto('/courses/unknown');
  await expect(page.getByRole('heading', { level: 1, name: 'Страница не найдена' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'На главную' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('nav-home')).toHaveAttribute('aria-current', 'page');
});
