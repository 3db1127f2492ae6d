import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import {
  createAccount,
  DEMO,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

interface Outline {
  id: string;
  modules: { lessons: { id: string; kind: string }[] }[];
}

/** Axe and screenshots only once every table has its data (a busy table is dimmed while it refetches). */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator('.loading')).toHaveCount(0);
}

/** Every export link on the page answers with a file (the links carry filters the API accepts). */
async function expectExportsWork(page: Page): Promise<void> {
  const hrefs = await page
    .locator('a[data-testid^="export-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    const res = await page.request.get(href);
    expect(res.status(), `${href}: ${res.status()}`).toBe(200);
    expect(res.headers()['content-disposition'] ?? '', href).toMatch(/attachment/);
  }
}

/**
 * Activity through the public APIs (the demo database has little): a fresh officer in AZ-GYD enrols in
 * HS-BASICS, completes its articles and documents, and submits one quiz attempt with one right answer.
 */
async function makeActivity(request: APIRequestContext, testInfo: TestInfo) {
  const email = uniqueEmail('reports.az', testInfo);
  const password = 'e2e-reports-Passw0rd';
  const displayName = `Reports Officer ${testInfo.project.name}`;
  await createAccount(request, { email, displayName, locale: 'en', organisationCode: 'AZ-GYD', password });
  const signIn = await request.post('/api/auth/login', { data: { email, password } });
  expect(signIn.status()).toBe(200);

  const list = await request.get('/api/courses', { params: { q: 'HS-BASICS', pageSize: 50 } });
  expect(list.ok(), await list.text()).toBeTruthy();
  let course = ((await list.json()) as { items: { id: string; code: string }[] }).items.find(
    (c) => c.code === 'HS-BASICS',
  );
  if (!course) {
    const all = await request.get('/api/courses', { params: { pageSize: 50 } });
    course = ((await all.json()) as { items: { id: string; code: string }[] }).items.find(
      (c) => c.code === 'HS-BASICS',
    );
  }
  expect(course, 'HS-BASICS in the catalogue').toBeTruthy();
  const enrol = await request.post(`/api/courses/${course!.id}/enrolment`);
  expect(enrol.ok(), await enrol.text()).toBeTruthy();

  const outline = (await (await request.get(`/api/courses/${course!.id}`)).json()) as Outline;
  const lessons = outline.modules.flatMap((m) => m.lessons);
  for (const lesson of lessons.filter((l) => l.kind === 'article' || l.kind === 'document')) {
    const done = await request.post(`/api/lessons/${lesson.id}/completion`);
    expect(done.ok(), await done.text()).toBeTruthy();
  }
  const quiz = lessons.find((l) => l.kind === 'quiz');
  expect(quiz, 'a quiz lesson').toBeTruthy();
  const started = await request.post(`/api/lessons/${quiz!.id}/attempts`);
  expect(started.ok(), await started.text()).toBeTruthy();
  const attempt = (await started.json()) as {
    id: string;
    questions: { id: string; options: { id: string; text: { text: string } }[] }[];
  };
  const answers: Record<string, string[]> = {};
  for (const q of attempt.questions) {
    const six = q.options.find((o) => o.text.text === 'Six');
    if (six) answers[q.id] = [six.id];
  }
  const submitted = await request.post(`/api/attempts/${attempt.id}/submit`, { data: { answers } });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();
  await request.post('/api/auth/logout');
  return { email, displayName, courseId: course!.id };
}

// coordinator.az@demo.academy works in Russian (locale saved in the profile).
test('the AZ coordinator filters the dashboard by unit, opens the people and a learner, exports CSV', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const officer = await makeActivity(request, testInfo);

  await login(page, DEMO.coordinatorAz);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.getByTestId('nav-reports').click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Отчёты' })).toBeVisible();
  const courses = page.getByTestId('courses-table');
  await expect(courses).toBeVisible();
  await expect(page.getByTestId('course-row-HS-BASICS')).toBeVisible();
  await expect(page.getByTestId('units-table')).toBeVisible();
  // Only Azerbaijani units appear in the unit table and the unit picker.
  await expect(page.getByTestId('unit-row-AZ-GYD')).toBeVisible();
  await expect(page.locator('[data-testid^="unit-row-GE"]')).toHaveCount(0);
  const unitPicker = page.getByTestId('filter-unit');
  await expect(unitPicker.locator('option', { hasText: '(GE-TBILISI)' })).toHaveCount(0);
  await expect(page.getByTestId('chart-weekly')).toBeVisible();
  await expect(page.getByTestId('chart-units')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'coordinator dashboard');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-dashboard-ru');

  // Filter by the officer's unit: kept in the URL; the figures follow.
  const gyd = unitPicker.locator('option', { hasText: '(AZ-GYD)' });
  await unitPicker.selectOption((await gyd.getAttribute('value'))!);
  await expect(page).toHaveURL(/[?&]unitId=[0-9a-f-]{36}/);
  const inProgress = page.getByTestId('course-HS-BASICS-inProgress');
  await expect(inProgress).toBeVisible();
  await expect(page.getByTestId('summary-enrolled')).not.toHaveText('0');
  await settled(page);
  await expectAccessible(page, 'dashboard filtered by unit');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-dashboard-unit-ru');
  await expectExportsWork(page);

  // A number opens the people behind it, with the same filters.
  await inProgress.click();
  await expect(page).toHaveURL(/\/reports\/people\?.*courseId=.*unitId=.*status=in_progress/);
  await expect(page.getByRole('heading', { level: 1, name: 'Люди' })).toBeVisible();
  const row = page.getByTestId(`person-row-${officer.email}`);
  await expect(row).toBeVisible();
  const emails = await page
    .locator('[data-testid^="person-row-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  expect(emails.filter((id) => id.includes('.ge@'))).toEqual([]);
  // Sorting is a button in the column header, announced with aria-sort.
  const dueHeader = page.locator('th', { has: page.getByTestId('sort-dueAt') });
  await expect(dueHeader).toHaveAttribute('aria-sort', 'none');
  await page.getByTestId('sort-dueAt').click();
  await expect(page).toHaveURL(/sort=dueAt/);
  await expect(dueHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(row).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'people list');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-people-ru');

  // Export the list as CSV: a plain download with the current filters, headers in Russian.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-people-csv').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const [headerRow, ...rows] = csv.split(/\r?\n/).filter((line) => line.length > 0);
  expect(headerRow).toMatch(/[А-Яа-яЁё]/);
  expect(headerRow).not.toMatch(/\b(Name|Course|Status)\b/);
  expect(rows.some((r) => r.includes(officer.email))).toBe(true);
  expect(rows.filter((r) => /\.ge@|GE-TBILISI|GE-BATUMI|GE-SARPI/.test(r))).toEqual([]);

  // Drill down to the learner: courses, lessons with their status, the quiz attempt.
  await row.getByTestId(`person-link-${officer.email}`).click();
  await expect(page).toHaveURL(/\/reports\/learners\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('learner-name')).toHaveText(officer.displayName);
  const course = page.getByTestId('learner-course-HS-BASICS');
  await expect(course).toBeVisible();
  await expect(course.getByTestId('learner-lessons-HS-BASICS').locator('tbody tr')).not.toHaveCount(0);
  await expect(course.getByTestId('learner-attempts-HS-BASICS').locator('tbody tr')).toHaveCount(1);
  await expect(course.getByTestId('learner-attempts-HS-BASICS')).toContainText('25');
  await settled(page);
  await expectAccessible(page, 'learner drill-down');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-learner-ru');
  await expectExportsWork(page);

  // Back to the list it came from, then the overdue list.
  await page.getByTestId('learner-back').click();
  await expect(page).toHaveURL(/\/reports\/people\?/);
  await page.getByTestId('reports-tab-overdue').click();
  await expect(page).toHaveURL(/\/reports\/overdue/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Сотрудники с просроченным сроком' }),
  ).toBeVisible();
  await expect(page.getByTestId('people-total')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'overdue list');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-overdue-ru');

  // The region dashboard is not for coordinators.
  await expect(page.getByTestId('reports-tab-region')).toHaveCount(0);
});

test('an author opens the region dashboard: figures by administration, no personal lists', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await login(page, DEMO.author);
  await page.getByTestId('nav-reports').click();
  await expect(page).toHaveURL(/\/reports\/region$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Region' })).toBeVisible();
  const table = page.getByTestId('region-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId('region-row-AZ')).toBeVisible();
  await expect(page.getByTestId('region-row-GE')).toBeVisible();
  await expect(page.getByTestId('region-total-learners')).not.toHaveText('0');
  await expect(page.getByTestId('chart-region-completions')).toBeVisible();
  await expect(page.getByTestId('lang-content')).toBeVisible();
  await expect(page.getByTestId('export-region-csv')).toHaveAttribute(
    'href',
    /^\/api\/reports\/region\/export\?format=csv&locale=en$/,
  );
  await settled(page);
  await expectAccessible(page, 'region dashboard');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-region-en');
  await expectExportsWork(page);

  await page.getByTestId('interval-week').click();
  await expect(page).toHaveURL(/interval=week/);
  await expect(page.getByTestId('interval-week')).toBeChecked();
  await expect(page.getByTestId('chart-region-completions')).toBeVisible();

  // Authors see aggregates by course and unit, but no lists of people.
  await expect(page.getByTestId('reports-tab-overdue')).toHaveCount(0);
  await page.getByTestId('reports-tab-dashboard').click();
  await expect(page).toHaveURL(/\/reports\/courses$/);
  await expect(page.getByTestId('units-table')).toBeVisible();
  await expect(page.getByTestId('units-table').locator('a')).toHaveCount(0);
  await settled(page);
  await expectAccessible(page, 'author dashboard');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'reports-author-dashboard-en');
  const people = await page.request.get('/api/reports/people');
  expect(people.status()).toBe(403);
});
