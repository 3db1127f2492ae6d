import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import {
  createAccount,
  DEMO,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

/** A learner no other test touches: attempts and progress are per learner. */
async function freshLearner(
  page: Page,
  request: APIRequestContext,
  testInfo: TestInfo,
  locale: 'en' | 'ru',
): Promise<void> {
  const email = uniqueEmail(`quiz-${locale}`, testInfo);
  const password = 'e2e-quiz-Passw0rd';
  await createAccount(request, {
    email,
    displayName: locale === 'ru' ? 'Слушатель Теста' : 'Quiz Taker',
    locale,
    organisationCode: 'GE-TBILISI',
    password,
  });
  await login(page, email, password);
}

async function openDemoCourse(page: Page, code: string): Promise<void> {
  await page.getByTestId('nav-courses').click();
  await page.getByTestId(`course-card-${code}`).getByRole('link').click();
  await expect(page.getByTestId('course-title')).toBeVisible();
}

test('an author builds a bilingual quiz in the studio and publishes it; a Russian learner passes it', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(150_000);
  const code = `QZ-${testInfo.project.name}-${Date.now().toString(36)}`.toUpperCase();

  // ---- the author: a course with one module and a quiz lesson ----
  await login(page, DEMO.author);
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('course-create').click();
  await page.getByTestId('new-course-code').fill(code);
  await page.getByTestId('new-course-title-en').fill(`Border checks ${code}`);
  await page.getByTestId('new-course-title-ru').fill(`Пограничный контроль ${code}`);
  await page.getByTestId('new-course-submit').click();
  await expect(page).toHaveURL(/\/studio\/courses\/[0-9a-f-]{36}$/);
  await page.getByTestId('course-summary-en').fill('Checks at the border.');
  await page.getByTestId('course-summary-ru').fill('Проверки на границе.');
  // Open for self-enrolment by default; the setting is saved with the course.
  await expect(page.getByTestId('course-self-enrolment')).toBeChecked();
  await page.getByTestId('course-save').click();
  await expect(page.getByTestId('course-save')).toBeDisabled();

  await page.getByTestId('new-module-title-en').fill('Knowledge check');
  await page.getByTestId('new-module-title-ru').fill('Проверка знаний');
  await page.getByTestId('module-add').click();
  await page.getByTestId('lesson-add-open-0').click();
  await page.getByTestId('new-lesson-kind').selectOption('quiz');
  await page.getByTestId('new-lesson-title-en').fill('Final quiz');
  await page.getByTestId('new-lesson-title-ru').fill('Итоговый тест');
  await page.getByTestId('lesson-add').click();
  await expect(page.getByTestId('lesson-item-0')).toContainText('Final quiz');
  await expect(page.getByTestId('lesson-quiz-count-0')).toHaveText('Questions: 0');
  await page.getByTestId('lesson-edit-0').click();
  const editor = page.getByTestId('quiz-editor');
  await expect(editor).toBeVisible();
  await editor.getByTestId('quiz-pass-mark').fill('60');
  await editor.getByTestId('quiz-time-limit').fill('5');

  // Question 1: single choice.
  await editor.getByTestId('quiz-add-question').click();
  // The new question's first field has the focus: typing goes straight in.
  await expect(editor.getByTestId('quiz-text-0-en')).toBeFocused();
  await editor.getByTestId('quiz-text-0-en').fill('Which document declares goods?');
  await editor.getByTestId('quiz-text-0-ru').fill('Какой документ декларирует товары?');
  await editor.getByTestId('quiz-option-text-0-0-en').fill('The goods declaration');
  await editor.getByTestId('quiz-option-text-0-0-ru').fill('Декларация на товары');
  await editor.getByTestId('quiz-option-text-0-1-en').fill('A hotel bill');
  await editor.getByTestId('quiz-option-text-0-1-ru').fill('Счёт за гостиницу');
  await editor.getByTestId('quiz-correct-0-0').check();
  await editor.getByTestId('quiz-explanation-0-en').fill('Goods are declared on the goods declaration.');
  await editor.getByTestId('quiz-explanation-0-ru').fill('Товары декларируются в декларации на товары.');

  // Question 2: multiple choice with a third option, two of them correct, 2 points.
  await editor.getByTestId('quiz-add-question').click();
  await editor.getByTestId('quiz-type-1').selectOption('multiple');
  await editor.getByTestId('quiz-text-1-en').fill('Which are customs procedures?');
  await editor.getByTestId('quiz-text-1-ru').fill('Какие из них таможенные процедуры?');
  await editor.getByTestId('quiz-add-option-1').click();
  const options = [
    ['Transit', 'Транзит', true],
    ['Export', 'Экспорт', true],
    ['Lunch', 'Обед', false],
  ] as const;
  for (const [i, [en, ru, correct]] of options.entries()) {
    await editor.getByTestId(`quiz-option-text-1-${i}-en`).fill(en);
    await editor.getByTestId(`quiz-option-text-1-${i}-ru`).fill(ru);
    if (correct) await editor.getByTestId(`quiz-correct-1-${i}`).check();
  }
  await editor.getByTestId('quiz-points-1').fill('0');
  await editor.getByTestId('quiz-explanation-1-en').fill('Transit and export are procedures.');
  await editor.getByTestId('quiz-explanation-1-ru').fill('Транзит и экспорт — таможенные процедуры.');

  // Question 3: true/false.
  await editor.getByTestId('quiz-add-question').click();
  await editor.getByTestId('quiz-type-2').selectOption('true_false');
  await editor.getByTestId('quiz-text-2-en').fill('An HS code has at least six digits.');
  await editor.getByTestId('quiz-text-2-ru').fill('Код ГС содержит не менее шести знаков.');
  await editor.getByTestId('quiz-answer-2-true').check();

  // Bad input is refused with the field named, before anything is sent.
  await page.getByTestId('lesson-save').click();
  await expect(editor.getByTestId('quiz-question-editor-1')).toContainText(
    'Enter a whole number within the allowed range.',
  );
  await expect(editor.getByTestId('quiz-points-1')).toHaveAttribute('aria-invalid', 'true');
  await editor.getByTestId('quiz-points-1').fill('2');

  // Reorder with the keyboard-reachable buttons; remove, then undo.
  await editor
    .getByTestId('quiz-question-editor-2')
    .getByRole('button', { name: /Move up/ })
    .click();
  await expect(editor.getByTestId('quiz-text-1-en')).toHaveValue('An HS code has at least six digits.');
  await editor.getByTestId('quiz-remove-question-0').click();
  await expect(editor.getByTestId('quiz-text-0-en')).toHaveValue('An HS code has at least six digits.');
  await editor.getByTestId('quiz-undo').getByRole('button', { name: 'Undo' }).click();
  await expect(editor.getByTestId('quiz-text-0-en')).toHaveValue('Which document declares goods?');

  await page.getByTestId('lesson-save').click();
  await expect(page.getByTestId('lesson-save')).toBeDisabled();
  await expect(page.getByTestId('lesson-quiz-count-0')).toHaveText('Questions: 3');
  await expect(page.getByTestId('translation-panel')).toContainText('100%');
  await expectAccessible(page, 'studio quiz editor');
  await expectNoHorizontalOverflow(page);
  await editor.scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'quiz-studio-editor-en');

  await page.getByTestId('course-publish').click();
  await expect(page.getByTestId('publish-result')).toContainText('Published: version 1');
  const courseUrl = page.url().replace('/studio/courses/', '/courses/');
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);

  // ---- a Russian learner takes it ----
  await freshLearner(page, request, testInfo, 'ru');
  // The page's clock, so the five-minute countdown can be run to its end.
  await page.clock.install();
  await page.goto(courseUrl);
  await page.getByRole('link', { name: 'Итоговый тест' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Итоговый тест');
  await expect(page.getByTestId('quiz-facts')).toContainText('60%');
  await expect(page.getByTestId('quiz-facts')).toContainText('Без ограничений');
  await expect(page.getByTestId('quiz-facts')).toContainText('5 мин');
  await page.getByTestId('quiz-start').click();
  const q = (i: number) => page.getByTestId(`quiz-question-${i}`);
  await expect(q(0)).toContainText('Какой документ декларирует товары?');
  await q(0).getByLabel('Декларация на товары').check();
  await q(1).getByLabel('Верно', { exact: true }).check();
  await q(2).getByLabel('Транзит').check();
  await q(2).getByLabel('Экспорт').check();
  await expectAccessible(page, 'quiz attempt ru');
  await expectNoHorizontalOverflow(page);
  await expect(page.getByTestId('quiz-timer')).toContainText(/[45]:\d\d/);
  await screenshot(page, testInfo, 'quiz-attempt-ru');
  // When the time is up the answers go to the server without a click.
  await page.clock.fastForward('05:01');
  await expect(page.getByTestId('quiz-verdict')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('quiz-score')).toContainText('100%');
  await expect(page.getByTestId('quiz-review')).toContainText('Товары декларируются в декларации на товары.');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');
  await expectAccessible(page, 'quiz result ru');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'quiz-result-ru');
});

test('a learner fails a demo quiz, reads the review with explanations, tries again and passes', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  await freshLearner(page, request, testInfo, 'en');
  await openDemoCourse(page, 'HS-BASICS');
  await page.getByRole('link', { name: 'Check your knowledge' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Check your knowledge');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'not_started');
  const facts = page.getByTestId('quiz-facts');
  await expect(facts).toContainText('4');
  await expect(facts).toContainText('75%');
  await expect(facts).toContainText('Unlimited');
  await expectAccessible(page, 'quiz intro');
  await screenshot(page, testInfo, 'quiz-intro-en');

  // ---- first attempt: wrong answers and one question left out ----
  await page.getByTestId('quiz-start').click();
  const q = (i: number) => page.getByTestId(`quiz-question-${i}`);
  await expect(q(0)).toContainText('How many digits of an HS code are the same in every country?');
  // Nothing says which answer is right before submission.
  await expect(page.getByTestId('quiz-attempt')).not.toContainText('Explanation');
  await q(0).getByLabel('Four').check();
  await q(1).getByLabel('Invoices').check();
  await q(2).getByLabel('True', { exact: true }).check();
  await page.getByTestId('quiz-submit').click();
  const confirm = page.getByTestId('quiz-confirm');
  await expect(confirm).toContainText('Questions without an answer: 1');
  await expectAccessible(page, 'quiz confirm dialog');
  await screenshot(page, testInfo, 'quiz-confirm-en', { fullPage: false });
  await page.getByTestId('quiz-confirm-submit').click();

  await expect(page.getByTestId('quiz-verdict')).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('quiz-verdict')).toContainText('Not passed. The pass mark is 75%.');
  await expect(page.getByTestId('quiz-score')).toContainText('0%');
  const review = page.getByTestId('quiz-review');
  await expect(page.getByTestId('quiz-review-0')).toHaveAttribute('data-correct', 'false');
  await expect(page.getByTestId('quiz-review-0')).toContainText('Six');
  await expect(review).toContainText('The first six digits are international');
  await expect(page.getByTestId('quiz-review-3')).toContainText('No answer');
  await expect(page.getByTestId('quiz-explanation')).toHaveCount(4);
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'not_started');
  await expectAccessible(page, 'quiz result failed');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'quiz-failed-en');

  // ---- second attempt: all right ----
  await page.getByTestId('quiz-try-again').click();
  await expect(page.getByRole('heading', { name: 'Attempt 2' })).toBeVisible();
  await q(0).getByLabel('Six').check();
  await q(1).getByLabel('Chapters').check();
  await q(1).getByLabel('Headings').check();
  await q(2).getByLabel('False', { exact: true }).check();
  await q(3).getByLabel('GIR 1').check();
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-verdict')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('quiz-score')).toContainText('100%');
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');
  await expectAccessible(page, 'quiz result passed');
  await screenshot(page, testInfo, 'quiz-passed-en');

  // The overview lists both attempts; the course outline shows the lesson completed.
  await page.getByTestId('quiz-back').click();
  await expect(page.getByTestId('quiz-passed')).toContainText('Best score: 100%');
  await expect(page.getByTestId('quiz-history').locator('li')).toHaveCount(2);
  await page.getByRole('link', { name: 'Harmonized System basics' }).click();
  const link = page.getByRole('link', { name: 'Check your knowledge' });
  const lessonId = (await link.getAttribute('data-testid'))!.replace('lesson-link-', '');
  await expect(page.getByTestId(`lesson-status-${lessonId}`)).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('course-progress')).toBeVisible();
  await expectNoHorizontalOverflow(page);
});

test('opening an article or a document completes it and moves the course progress', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(90_000);
  await freshLearner(page, request, testInfo, 'ru');
  await openDemoCourse(page, 'RKC');
  await page.getByRole('link', { name: 'Структура конвенции' }).click();
  await expect(page.getByTestId('lesson-article')).toBeVisible();
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('lesson-completion')).toContainText('Урок пройден.');
  await expectAccessible(page, 'article completed');
  await screenshot(page, testInfo, 'article-completed-ru');

  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson-document')).toBeVisible();
  await expect(page.getByTestId('lesson-status')).toHaveAttribute('data-status', 'completed');

  await page.getByRole('link', { name: 'Пересмотренная Киотская конвенция' }).click();
  await expect(page.getByTestId('course-progress')).toBeVisible();
  // Two of five required lessons (video, two articles, document, quiz).
  await expect(page.getByTestId('course-progress-pct')).toHaveText('40%');
});
