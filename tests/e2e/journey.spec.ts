import { execFileSync } from 'node:child_process';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  DEMO,
  DEMO_PASSWORD,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

/**
 * Issue 5's whole journey, in one browser: the Azerbaijan coordinator assigns a demo course with a due date
 * to a unit; a learner of that unit finds it under "assigned", watches the video (the watching is shortened
 * only through the public progress API), opens the articles and the PDF, fails the quiz once and passes it,
 * downloads the certificate (its text is checked with pdftotext) and the public verification page says it
 * is valid; on the way My learning lists it as in progress and "continue" opens the first unfinished lesson;
 * at the end an admin revokes the certificate from the verification page and the public page says so.
 *
 * The unit and the learner are made for this test (through the admin API), so no other test's progress or
 * assignments touch them.
 */

const COURSE_CODE = 'HS-BASICS';
const COURSE_RU = 'Основы Гармонизированной системы';
const PASSWORD = 'e2e-journey-Passw0rd';

interface Org {
  id: string;
  code: string;
}

async function asAdmin<T>(request: APIRequestContext, work: () => Promise<T>): Promise<T> {
  const signIn = await request.post('/api/auth/login', {
    data: { email: DEMO.admin, password: DEMO_PASSWORD },
  });
  expect(signIn.status()).toBe(200);
  try {
    return await work();
  } finally {
    await request.post('/api/auth/logout');
  }
}

/** A new unit under Azerbaijan and a Russian-speaking officer in it, with a password set. */
async function unitWithLearner(
  request: APIRequestContext,
  email: string,
  displayName: string,
  tag: string,
): Promise<Org> {
  return asAdmin(request, async () => {
    const orgs = (await (await request.get('/api/organisations')).json()) as Org[];
    const az = orgs.find((o) => o.code === 'AZ');
    expect(az, 'the AZ administration').toBeTruthy();
    const code = `AZ-E2E-${tag}`.toUpperCase().slice(0, 40);
    const created = await request.post('/api/organisations', {
      data: {
        parentId: az!.id,
        kind: 'unit',
        code,
        name: { en: `Journey post ${tag}`, ru: `Пост маршрута ${tag}` },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const unit = (await created.json()) as Org;
    const user = await request.post('/api/users', {
      data: { email, displayName, locale: 'ru', organisationId: unit.id, roles: ['learner'] },
    });
    expect(user.status(), await user.text()).toBe(201);
    const { passwordLink } = (await user.json()) as { passwordLink: string };
    const token = new URL(passwordLink, 'http://x').searchParams.get('token');
    await request.post('/api/auth/logout');
    const set = await request.post('/api/auth/password/set', { data: { token, password: PASSWORD } });
    expect(set.ok(), await set.text()).toBeTruthy();
    return unit;
  });
}

/** Follows the lesson page's "next lesson" link and checks where it leads. */
async function nextLesson(page: Page, title: string): Promise<void> {
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson-title')).toHaveText(title);
}

test('a coordinator assigns a course to a unit; a learner completes it and gets a certificate anyone can verify', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const tag = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const email = uniqueEmail('journey', testInfo);
  const learnerName = 'Лейла Мамедова';
  const unit = await unitWithLearner(request, email, learnerName, tag);

  // ---- the coordinator assigns HS basics to the unit, due in 30 days ----
  await login(page, DEMO.coordinatorAz);
  await page.getByTestId('nav-assignments').click();
  const courseSelect = page.getByTestId('assign-course');
  await expect(courseSelect).toBeVisible();
  const courseOption = courseSelect.locator('option', { hasText: `(${COURSE_CODE})` });
  const courseId = (await courseOption.getAttribute('value'))!;
  await courseSelect.selectOption(courseId);
  await page.getByTestId('assign-mode-unit').check();
  await page.getByTestId('assign-unit').selectOption(unit.id);
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('assign-due').fill(due);
  await page.getByTestId('assign-submit').click();
  await expect(page.getByTestId('assign-result')).toContainText('1');
  await expect(page.getByTestId(`assignee-${email}`)).toBeVisible();
  await expectAccessible(page, 'assignments after assigning');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'journey-assigned-by-coordinator');
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);

  // ---- the learner sees it under "assigned", with the due date ----
  await login(page, email, PASSWORD);
  const assigned = page.getByTestId('my-learning-assigned');
  const card = assigned.getByTestId(`learning-card-${courseId}`);
  await expect(card).toContainText(COURSE_RU);
  await expect(card.getByTestId('due-date')).toBeVisible();
  await expectAccessible(page, 'my learning with an assigned course');
  await screenshot(page, testInfo, 'journey-my-learning-assigned');
  await card.getByTestId(`continue-${courseId}`).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Что такое Гармонизированная система');

  // ---- the video: played through the public progress API, never faster than the server allows ----
  const lessonId = new URL(page.url()).pathname.split('/').pop()!;
  let seq = 1_000;
  await expect
    .poll(
      async () => {
        const response = await page.request.put(`/api/lessons/${lessonId}/progress`, {
          data: { positionS: 12, watched: [[0, 12]], seq: seq++ },
        });
        expect(response.ok(), await response.text()).toBeTruthy();
        return ((await response.json()) as { status: string }).status;
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe('completed');
  await page.reload();
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');

  // ---- the articles and the PDF complete when opened (walking the course with "next") ----
  await nextLesson(page, 'Разделы, группы, товарные позиции');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');

  // ---- My learning now lists it as in progress; "continue" opens the first unfinished lesson ----
  await page.getByTestId('nav-home').click();
  const inProgress = page.getByTestId('my-learning-in-progress').getByTestId(`learning-card-${courseId}`);
  await expect(inProgress).toContainText(COURSE_RU);
  await expect(page.getByTestId('my-learning-assigned').getByTestId(`learning-card-${courseId}`)).toHaveCount(
    0,
  );
  await expectAccessible(page, 'my learning with a course in progress');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'journey-my-learning-in-progress');
  await inProgress.getByTestId(`continue-${courseId}`).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('ГС в кратком изложении (PDF)');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');
  const pdf = await page.request.get((await page.getByTestId('lesson-document').getAttribute('src'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  await nextLesson(page, 'Основные правила интерпретации');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');

  // ---- the quiz: failed once, then passed ----
  await nextLesson(page, 'Проверьте свои знания');
  const q = (i: number) => page.getByTestId(`quiz-question-${i}`);
  await page.getByTestId('quiz-start').click();
  await q(0).getByLabel('Четыре').check();
  await q(1).getByLabel('Счета-фактуры').check();
  await q(2).getByLabel('Верно', { exact: true }).check();
  await q(3).getByLabel('ОПИ 3').check();
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-verdict')).toHaveAttribute('data-passed', 'false');
  await screenshot(page, testInfo, 'journey-quiz-failed');
  await page.getByTestId('quiz-try-again').click();
  await q(0).getByLabel('Шесть').check();
  await q(1).getByLabel('Группы').check();
  await q(1).getByLabel('Товарные позиции').check();
  await q(2).getByLabel('Неверно', { exact: true }).check();
  await q(3).getByLabel('ОПИ 1').check();
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-verdict')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');

  // ---- My learning lists it as completed, with the certificate ----
  await page.getByTestId('nav-home').click();
  const completed = page.getByTestId('my-learning-completed').getByTestId(`learning-card-${courseId}`);
  await expect(completed).toBeVisible();
  await expectAccessible(page, 'my learning with a completed course');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'journey-my-learning-completed');
  const downloading = page.waitForEvent('download');
  await completed.getByTestId(`certificate-pdf-${courseId}`).click();
  const download = await downloading;
  const file = testInfo.outputPath('certificate.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(text).toContain(learnerName);
  expect(text.replace(/\s+/g, ' ')).toContain(COURSE_RU);

  // ---- the public verification page, signed out ----
  const verifyHref = (await completed.getByTestId(`certificate-verify-${courseId}`).getAttribute('href'))!;
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(verifyHref);
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('verify-holder')).toHaveText(learnerName);
  await expect(page.getByTestId('verify-course-ru')).toHaveText(COURSE_RU);
  await expect(page.getByTestId('verify-course-en')).toHaveText('Harmonized System basics');
  await expectAccessible(page, 'verification page');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'journey-verified');

  // ---- an admin revokes it from the same page, with a reason; the public page then says so ----
  await login(page, DEMO.admin);
  await page.goto(verifyHref);
  await page.getByTestId('revoke-reason').fill('Issued in error: e2e journey');
  await page.getByTestId('revoke-submit').click();
  await page.getByTestId('revoke-confirm').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-valid', 'false');
  await expect(page.getByTestId('verify-revoke-reason')).toHaveText('Issued in error: e2e journey');
  await page.context().clearCookies(); // signed out: what anyone checking the code sees
  await page.goto(verifyHref);
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-valid', 'false');
  await expect(page.getByTestId('verify-revoke-reason')).toHaveText('Issued in error: e2e journey');
  await expectAccessible(page, 'verification page of a revoked certificate');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'journey-revoked');
});
