import { expect, test } from '@playwright/test';
import {
  createAccount,
  DEMO,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

test('an author publishes a bilingual course; a learner finds it by a Russian word form and reads it in Russian', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const code = `E2E-${testInfo.project.name}-${Date.now().toString(36)}`.toUpperCase();
  const titleEn = `Customs value of goods ${code}`;
  const titleRu = `Таможенная стоимость товаров ${code}`;

  // ---- the author creates the course ----
  await login(page, DEMO.author);
  await page.getByTestId('nav-studio').click();
  await expect(page).toHaveURL(/\/studio$/);
  await page.getByTestId('course-create').click();
  await page.getByTestId('new-course-code').fill(code);
  await page.getByTestId('new-course-title-en').fill(titleEn);
  await page.getByTestId('new-course-title-ru').fill(titleRu);
  await page.getByTestId('new-course-submit').click();
  await expect(page).toHaveURL(/\/studio\/courses\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('editor-title')).toHaveText(titleEn);
  await expect(page.getByTestId('course-status')).toHaveText('Draft');

  // Publishing an empty course is refused, listing each problem in readable words.
  await page.getByTestId('course-publish').click();
  const problems = page.getByTestId('publish-problems');
  await expect(problems).toContainText('The course has no lessons yet');
  await expect(problems).toContainText('Missing in the base language');
  await expect(problems).toContainText('summary');

  // Summaries side by side; Save is enabled only with changes.
  const save = page.getByTestId('course-save');
  await expect(save).toBeDisabled();
  await page.getByTestId('course-summary-en').fill('How customs value is determined for imported goods.');
  await page.getByTestId('course-summary-ru').fill('Как определяется таможенная стоимость ввозимых товаров.');
  await page.getByTestId('course-topics').fill('valuation, Import Rules');
  await expect(save).toBeEnabled();

  // Leaving with unsaved text asks first; staying keeps the text.
  await page.getByRole('link', { name: 'All courses in the studio' }).click();
  await expect(page.getByTestId('unsaved-dialog')).toBeVisible();
  await page.getByRole('button', { name: 'Stay on this page' }).click();
  await expect(page.getByTestId('course-summary-ru')).toHaveValue(
    'Как определяется таможенная стоимость ввозимых товаров.',
  );
  await save.click();
  await expect(save).toBeDisabled();
  await expect(page.getByTestId('course-topics')).toHaveValue('valuation, import-rules');

  // A module and an article lesson with Markdown in both languages.
  await page.getByTestId('new-module-title-en').fill('Methods of valuation');
  await page.getByTestId('new-module-title-ru').fill('Методы определения стоимости');
  await page.getByTestId('module-add').click();
  await expect(page.getByTestId('module-0')).toContainText('Methods of valuation');
  await page.getByTestId('lesson-add-open-0').click();
  await page.getByTestId('new-lesson-kind').selectOption('article');
  await page.getByTestId('new-lesson-title-en').fill('The transaction value method');
  await page.getByTestId('new-lesson-title-ru').fill('Метод по стоимости сделки');
  await page.getByTestId('lesson-add').click();
  await expect(page.getByTestId('lesson-item-0')).toContainText('The transaction value method');
  await page.getByTestId('lesson-edit-0').click();
  const editor = page.getByTestId('lesson-editor');
  await editor
    .getByTestId('lesson-body-en')
    .fill('## Transaction value\n\nThe price **actually paid or payable** for the goods.');
  await editor
    .getByTestId('lesson-body-ru')
    .fill('## Стоимость сделки\n\nЦена, **фактически уплаченная или подлежащая уплате** за товары.');
  await editor.getByTestId('lesson-save').click();
  await expect(editor.getByTestId('lesson-save')).toBeDisabled();
  await expect(page.getByTestId('translation-panel')).toContainText('100%');

  await page.evaluate(() => window.scrollTo(0, 0));
  await expectAccessible(page, 'studio editor');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'studio-editor-en');

  await page.getByTestId('course-publish').click();
  await expect(page.getByTestId('publish-result')).toContainText('Published: version 1');
  await expect(page.getByTestId('course-status')).toHaveText('Published');
  // Nothing left to publish until the next edit.
  await expect(page.getByTestId('course-publish')).toBeDisabled();
  await expect(page.getByTestId('publish-up-to-date')).toBeVisible();

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);

  // ---- a Russian-speaking learner ----
  const email = uniqueEmail('reader', testInfo);
  const password = 'e2e-reader-Passw0rd';
  await createAccount(request, {
    email,
    displayName: 'Читатель Курсов',
    locale: 'ru',
    organisationCode: 'GE-TBILISI',
    password,
  });
  await login(page, email, password);
  await expect(page.getByTestId('nav-courses')).toHaveText('Курсы');
  await page.getByTestId('nav-courses').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Курсы');

  // An inflected form finds the title "Таможенная стоимость товаров"; the search goes into the address.
  await page.getByTestId('catalogue-search').fill('стоимости');
  await expect(page).toHaveURL(/q=%D1%81%D1%82%D0%BE%D0%B8%D0%BC%D0%BE%D1%81%D1%82%D0%B8/);
  const card = page.getByTestId(`course-card-${code}`);
  await expect(card).toBeVisible();
  await expect(card).toContainText(titleRu);
  await expect(card.getByTestId('language-badges')).toContainText('EN ✓');
  await expect(card.getByTestId('language-badges')).toContainText('RU ✓');
  await expectAccessible(page, 'catalogue ru');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'catalogue-ru');

  // Course texts in English (the interface stays Russian).
  await page.getByTestId('catalogue-locale').selectOption('en');
  await expect(card).toContainText(titleEn);
  await screenshot(page, testInfo, 'catalogue-en');
  await page.getByTestId('catalogue-locale').selectOption('ru');
  await expect(card).toContainText(titleRu);

  // A word that matches nothing shows the empty state.
  await page.getByTestId('catalogue-search').fill('zzzznothing');
  await expect(page.getByTestId('catalogue-empty')).toBeVisible();
  await page.goBack();
  await expect(card).toBeVisible();

  await card.getByRole('link').click();
  await expect(page).toHaveURL(/\/courses\/[0-9a-f-]{36}/);
  await page.getByTestId('course-locale').selectOption('ru');
  await expect(page.getByTestId('course-title')).toHaveText(titleRu);
  await expect(page.getByText('Методы определения стоимости')).toBeVisible();
  await expect(page.getByText('Статья').first()).toBeVisible();
  await expectAccessible(page, 'course ru');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'course-ru');

  // The same course in English, then back: the choice is remembered for this course.
  await page.getByTestId('course-locale').selectOption('en');
  await expect(page.getByTestId('course-title')).toHaveText(titleEn);
  await screenshot(page, testInfo, 'course-en');
  await page.getByTestId('course-locale').selectOption('ru');
  await expect(page.getByTestId('course-title')).toHaveText(titleRu);

  await page.getByRole('link', { name: 'Метод по стоимости сделки' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Метод по стоимости сделки');
  const article = page.getByTestId('lesson-article');
  await expect(article.getByRole('heading', { name: 'Стоимость сделки' })).toBeVisible();
  await expect(article.locator('strong')).toHaveText('фактически уплаченная или подлежащая уплате');
  await expect(article).toHaveAttribute('lang', 'ru');
  await expect(page.getByTestId('fallback-note')).toHaveCount(0);
  await expectAccessible(page, 'lesson ru');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'lesson-ru');

  await page.getByTestId('lesson-locale').selectOption('en');
  await expect(article.getByRole('heading', { name: 'Transaction value' })).toBeVisible();
  await screenshot(page, testInfo, 'lesson-en');
});
