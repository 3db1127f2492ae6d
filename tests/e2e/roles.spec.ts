import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, expectNoHorizontalOverflow, login, screenshot } from './helpers';

interface RoleCase {
  role: string;
  email: string;
  visible: string[];
  hidden: string[];
}

const ROLES: RoleCase[] = [
  {
    role: 'admin',
    email: DEMO.admin,
    visible: ['courses', 'studio', 'organisations', 'users'],
    hidden: ['officers'],
  },
  {
    role: 'author',
    email: DEMO.author,
    visible: ['courses', 'studio'],
    hidden: ['officers', 'organisations', 'users'],
  },
  {
    role: 'coordinator-az',
    email: DEMO.coordinatorAz,
    visible: ['courses', 'officers'],
    hidden: ['studio', 'organisations', 'users'],
  },
  {
    role: 'coordinator-ge',
    email: DEMO.coordinatorGe,
    visible: ['courses', 'officers'],
    hidden: ['studio', 'organisations', 'users'],
  },
  {
    role: 'learner-az',
    email: DEMO.learnerAz,
    visible: ['courses'],
    hidden: ['studio', 'officers', 'organisations', 'users'],
  },
  {
    role: 'learner-ge',
    email: DEMO.learnerGe,
    visible: ['courses'],
    hidden: ['studio', 'officers', 'organisations', 'users'],
  },
];

test.describe('demo roles', () => {
  for (const { role, email, visible, hidden } of ROLES) {
    test(`${role} signs in and sees its navigation`, async ({ page }, testInfo) => {
      await login(page, email);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByTestId('nav-home')).toBeVisible();
      await expect(page.getByTestId('nav-profile')).toBeVisible();
      for (const name of visible) await expect(page.getByTestId(`nav-${name}`)).toBeVisible();
      for (const name of hidden) await expect(page.getByTestId(`nav-${name}`)).toHaveCount(0);
      await expectAccessible(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, testInfo, `home-${role}`);
    });
  }

  test('learner cannot open admin pages', async ({ page }) => {
    await login(page, DEMO.learnerAz);
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Доступ запрещён|Access denied/);
    await expect(
      page.locator('main').getByRole('link', { name: /На главную|Back to the home page/ }),
    ).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('anonymous visitor', () => {
  test('is sent from an admin page to the login form', async ({ page }, testInfo) => {
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await expect(page.locator('#email')).toBeVisible();
    await expect(page.getByTestId('nav-home')).toHaveCount(0);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, testInfo, 'login');
  });

  test('returns to the requested page after signing in', async ({ page }) => {
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.locator('#email').fill(DEMO.admin);
    await page.locator('#password').fill('academy-demo');
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await expect(page.locator('[data-testid^="user-row-"]').first()).toBeVisible();
    await expectAccessible(page);
  });

  test('sees a translated error for a wrong password', async ({ page }) => {
    await page.goto('/login');
    // An address that does not exist, so the failed-login throttle never touches a demo account.
    await page.locator('#email').fill(`nobody.${test.info().project.name}@demo.academy`);
    await page.locator('#password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    await expectAccessible(page);
  });
});

test('logout returns to the login page and ends the session', async ({ page }) => {
  await login(page, DEMO.author);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('#email')).toBeVisible();
  await expect(page.getByTestId('logout')).toHaveCount(0);
  const me = await page.request.get('/api/auth/me');
  expect(me.status()).toBe(401);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expectAccessible(page);
});
