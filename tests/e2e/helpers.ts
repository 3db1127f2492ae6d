import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';

export const DEMO_PASSWORD = 'academy-demo';

export const DEMO = {
  admin: 'admin@demo.academy',
  author: 'author@demo.academy',
  coordinatorAz: 'coordinator.az@demo.academy',
  coordinatorGe: 'coordinator.ge@demo.academy',
  learnerAz: 'learner.az@demo.academy',
  learnerGe: 'learner.ge@demo.academy',
} as const;

/** An e-mail no other test (or project, or run) uses. */
export function uniqueEmail(prefix: string, testInfo: TestInfo, domain = 'e2e.academy'): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}.${testInfo.project.name}.${Date.now().toString(36)}${random}@${domain}`.toLowerCase();
}

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe (WCAG 2 A and AA rules) on the page as it is now and fails on serious or critical violations,
 * listing each rule with the offending elements.
 */
export async function expectAccessible(page: Page, context = ''): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact && BLOCKING_IMPACTS.has(v.impact));
  const report = blocking
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map(
          (n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
  const where = `${context ? `${context} ` : ''}${new URL(page.url()).pathname}`;
  expect(blocking.length, `Accessibility violations on ${where}:\n${report}`).toBe(0);
}

/** Signs in through the real login form and waits for the signed-in shell. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await expect(page.locator('#email')).toBeVisible();
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId('nav-home')).toBeVisible();
}

/**
 * Screenshot named `<name>-<project>.png` in the test's output folder, attached to the report. Full page by
 * default; pass `{ fullPage: false }` for modal dialogs (their backdrop only covers the viewport).
 */
export async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  const file = testInfo.outputPath(`${name}-${testInfo.project.name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(`${name}-${testInfo.project.name}`, { path: file, contentType: 'image/png' });
}

/** Fails if the page is wider than the viewport (horizontal scrolling on phones). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'page is wider than the viewport').toBeLessThanOrEqual(0);
}

/**
 * Creates an account through the admin API and sets its password with the one-time link, so a test can
 * sign in as someone no other test touches.
 */
export async function createAccount(
  request: APIRequestContext,
  options: {
    email: string;
    displayName: string;
    locale: 'en' | 'ru';
    organisationCode: string;
    password: string;
  },
): Promise<void> {
  const signIn = await request.post('/api/auth/login', {
    data: { email: DEMO.admin, password: DEMO_PASSWORD },
  });
  expect(signIn.status()).toBe(200);
  const orgs = await request.get('/api/organisations');
  expect(orgs.ok()).toBeTruthy();
  const list = (await orgs.json()) as { id: string; code: string }[];
  const org = list.find((o) => o.code === options.organisationCode);
  expect(org, `organisation ${options.organisationCode}`).toBeTruthy();
  const created = await request.post('/api/users', {
    data: {
      email: options.email,
      displayName: options.displayName,
      locale: options.locale,
      organisationId: org!.id,
      roles: ['learner'],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { passwordLink } = (await created.json()) as { passwordLink: string };
  const token = new URL(passwordLink, 'http://x').searchParams.get('token');
  expect(token).toBeTruthy();
  await request.post('/api/auth/logout');
  const set = await request.post('/api/auth/password/set', {
    data: { token, password: options.password },
  });
  expect(set.ok(), await set.text()).toBeTruthy();
}
