import { expect, test } from '@playwright/test';
import path from 'node:path';
import { DEMO, expectAccessible, expectNoHorizontalOverflow, login, screenshot } from './helpers';

const VIDEO = path.resolve(import.meta.dirname, '../../apps/api/src/seed/demo-media/kyoto.mp4');

test('an author uploads a video to the media library and sees a translated error for a fake PDF', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  await login(page, DEMO.author);
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('media-library-link').click();
  await expect(page).toHaveURL(/\/studio\/media$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Media library');

  // A real video: the progress bar reaches 100% and the file shows up, ready, in the list.
  await page.getByTestId('media-upload-input').setInputFiles(VIDEO);
  const progress = page.getByTestId('media-upload-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('media-upload-done')).toHaveText('Uploaded: kyoto.mp4');
  await expect(page.getByTestId('media-upload-bar')).toHaveAttribute('value', '100');
  await expect(page.getByTestId('media-upload-numbers')).toContainText('100%');

  // Only videos named like it: the newest first, ready, with its size.
  await page.getByTestId('media-kind').selectOption('video');
  await page.getByTestId('media-search').fill('kyoto');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/kind=video/);
  await expect(page).toHaveURL(/q=kyoto/);
  const row = page.getByTestId('media-row').first();
  await expect(row).toHaveAttribute('data-filename', 'kyoto.mp4');
  await expect(row.getByTestId('media-status')).toHaveText('Ready');
  await expect(row).toContainText('Video');
  await expect(row).toContainText('129.8 kB');

  await page.evaluate(() => window.scrollTo(0, 0));
  await expectAccessible(page, 'media library');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'media-library');

  // Text pretending to be a PDF: refused with the translated 415 message.
  await page.getByTestId('media-upload-input').setInputFiles({
    name: 'x.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('hello'),
  });
  await expect(page.getByTestId('media-upload-error')).toHaveText('This file type is not supported.');
  await expectAccessible(page, 'media library with an upload error');
  await screenshot(page, testInfo, 'media-library-error');
});

test('an author uploads new captions from the lesson editor; the new file is selected for that language', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  await login(page, DEMO.author);
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('studio-row-RKC').getByRole('link').click();
  await expect(page).toHaveURL(/\/studio\/courses\/[0-9a-f-]{36}$/);
  await page.getByTestId('module-0').getByTestId('lesson-edit-0').click();
  const editor = page.getByTestId('lesson-editor');
  const captionsRu = editor.locator('.media-select', {
    has: page.getByTestId('lesson-upload-captions-ru-input'),
  });
  const select = captionsRu.getByRole('combobox');
  const before = await select.inputValue();
  expect(before).not.toBe('');

  // A video is not captions: the server checks the kind and the message says so.
  await page.getByTestId('lesson-upload-captions-ru-input').setInputFiles(VIDEO);
  await expect(page.getByTestId('lesson-upload-captions-ru-error')).toHaveText(
    "The file's content does not match the kind of file expected here.",
  );
  await expect(select).toHaveValue(before);

  // Real captions: uploaded, selected, and the lesson has unsaved changes.
  await page.getByTestId('lesson-upload-captions-ru-input').setInputFiles({
    name: 'kyoto.ru.e2e.vtt',
    mimeType: 'text/vtt',
    buffer: Buffer.from('WEBVTT\n\n00:00.000 --> 00:02.000\nКонвенция\n'),
  });
  await expect(page.getByTestId('lesson-upload-captions-ru-done')).toBeVisible();
  await expect(select).not.toHaveValue(before);
  await expect(select.locator('option:checked')).toHaveText('kyoto.ru.e2e.vtt');
  await expect(editor.getByTestId('lesson-save')).toBeEnabled();
  await expectAccessible(page, 'lesson editor after an upload');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'lesson-editor-upload');

  // Nothing is saved: discarding brings the seeded file back.
  await editor.getByRole('button', { name: 'Discard changes' }).click();
  await expect(select).toHaveValue(before);
});
