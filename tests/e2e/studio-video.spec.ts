import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  createAccount,
  DEMO,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

const VIDEO = path.resolve(import.meta.dirname, '../../apps/api/src/seed/demo-media/kyoto.mp4');
const CAPTIONS_EN = 'WEBVTT\n\n00:00.000 --> 00:03.000\nThe declarant lodges the goods declaration.\n';
const CAPTION_RU_CUE = 'Декларант подаёт декларацию на товары.';
const CAPTIONS_RU = `WEBVTT\n\n00:00.000 --> 00:03.000\n${CAPTION_RU_CUE}\n`;

/** The file picker (a <select>) next to one upload button of the lesson editor. */
function mediaSelect(editor: Locator, uploadTestId: string): Locator {
  return editor
    .locator('.media-select', { has: editor.page().getByTestId(`${uploadTestId}-input`) })
    .getByRole('combobox');
}

/** Clicks an upload button and picks the file in the chooser it opens, as a person would. */
async function chooseFile(
  button: Locator,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  const [chooser] = await Promise.all([button.page().waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(file);
}

/** Languages of the captions/subtitles tracks the page's video offers (native tracks or a video.js player's). */
async function captionLanguages(page: Page): Promise<string[]> {
  return page
    .locator('video')
    .first()
    .evaluate((video: HTMLVideoElement) => {
      interface TrackLike {
        kind: string;
        language: string;
      }
      const languages = new Set<string>();
      const add = (tracks: ArrayLike<TrackLike> | undefined) => {
        for (const track of Array.from(tracks ?? [])) {
          if (track.kind === 'captions' || track.kind === 'subtitles') languages.add(track.language);
        }
      };
      add(video.textTracks);
      // A video.js player keeps its (emulated) text tracks on the player it attaches to the element.
      type WithPlayer = { player?: { textTracks?: () => ArrayLike<TrackLike> } };
      const player =
        (video as unknown as WithPlayer).player ??
        (video.closest('.video-js') as unknown as WithPlayer | null)?.player;
      add(player?.textTracks?.());
      return [...languages].sort();
    });
}

test('an author uploads a video with captions to a new course and publishes it; a learner finds it in Russian and plays it', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const code = `E2E-VIDEO-${testInfo.project.name}-${Date.now().toString(36)}`.toUpperCase();
  const titleEn = `Declaring goods in e-commerce ${code}`;
  const titleRu = `Декларирование товаров электронной торговли ${code}`;
  const lessonEn = 'Lodging the declaration';
  const lessonRu = 'Подача декларации';
  const videoName = `declaration-${testInfo.project.name}.mp4`;

  // ---- the author creates a bilingual course with one module ----
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

  const save = page.getByTestId('course-save');
  await page.getByTestId('course-summary-en').fill('How goods bought online are declared to customs.');
  await page.getByTestId('course-summary-ru').fill('Как декларируются товары, купленные через интернет.');
  await save.click();
  await expect(save).toBeDisabled();

  await page.getByTestId('new-module-title-en').fill('The declaration');
  await page.getByTestId('new-module-title-ru').fill('Декларация');
  await page.getByTestId('module-add').click();
  await expect(page.getByTestId('module-0')).toContainText('The declaration');

  // ---- a video lesson ----
  await page.getByTestId('lesson-add-open-0').click();
  await page.getByTestId('new-lesson-kind').selectOption('video');
  await page.getByTestId('new-lesson-title-en').fill(lessonEn);
  await page.getByTestId('new-lesson-title-ru').fill(lessonRu);
  await page.getByTestId('lesson-add').click();
  const lessonItem = page.getByTestId('module-0').getByTestId('lesson-item-0');
  await expect(lessonItem).toContainText(lessonEn);
  await expect(lessonItem).toContainText('Video');
  await lessonItem.getByTestId('lesson-edit-0').click();
  const editor = page.getByTestId('lesson-editor');
  const files = editor.getByRole('group', { name: 'Video and captions' });
  await expect(files).toContainText('One video can serve both languages');

  // The video is uploaded from the lesson editor; each upload button says (to screen readers) which field
  // it fills. Uploads are throttled so that the progress bar is seen moving.
  const chooser = page.waitForEvent('filechooser');
  await files.getByRole('button', { name: 'Upload new file: Video, English (base language)' }).click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 32 * 1024,
  });
  await (await chooser).setFiles({ name: videoName, mimeType: 'video/mp4', buffer: fs.readFileSync(VIDEO) });
  const progress = page.getByTestId('lesson-upload-media-en-progress');
  const bar = page.getByTestId('lesson-upload-media-en-bar');
  await expect(progress).toHaveAttribute('data-status', 'uploading');
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAccessibleName(`Uploading ${videoName}`);
  await expect(progress).toContainText(videoName);
  await expect(page.getByTestId('lesson-upload-media-en-pause')).toHaveAccessibleName(`Pause ${videoName}`);
  await expect
    .poll(async () => Number(await bar.getAttribute('value')), { timeout: 5_000 })
    .toBeGreaterThan(0);
  await progress.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(page, testInfo, 'video-lesson-uploading', { fullPage: false });
  await expect(page.getByTestId('lesson-upload-media-en-done')).toHaveText(`Uploaded: ${videoName}`);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await cdp.detach();
  await expect(bar).toHaveAttribute('value', '100');
  await expect(page.getByTestId('lesson-upload-media-en-numbers')).toContainText('100%');
  const videoSelect = mediaSelect(editor, 'lesson-upload-media-en');
  await expect(videoSelect.locator('option:checked')).toHaveText(videoName);
  const videoAssetId = await videoSelect.inputValue();
  expect(videoAssetId).toMatch(/^[0-9a-f-]{36}$/);

  // Captions in both languages; one video (in English) serves both.
  for (const [locale, text] of [
    ['en', CAPTIONS_EN],
    ['ru', CAPTIONS_RU],
  ] as const) {
    const name = `declaration-${testInfo.project.name}.${locale}.vtt`;
    const language = locale === 'en' ? 'English (base language)' : 'Русский (Russian)';
    await chooseFile(files.getByRole('button', { name: `Upload new file: Captions, ${language}` }), {
      name,
      mimeType: 'text/vtt',
      buffer: Buffer.from(text),
    });
    await expect(page.getByTestId(`lesson-upload-captions-${locale}-done`)).toHaveText(`Uploaded: ${name}`);
    await expect(
      mediaSelect(editor, `lesson-upload-captions-${locale}`).locator('option:checked'),
    ).toHaveText(name);
  }
  await expect(mediaSelect(editor, 'lesson-upload-media-ru')).toHaveValue('');
  await expectAccessible(page, 'video lesson editor after uploads');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'video-lesson-uploaded');

  // Completion needs 80% of the video watched instead of the default 90%.
  await expect(editor.getByTestId('lesson-threshold')).toHaveAttribute('placeholder', '90');
  await editor.getByTestId('lesson-threshold').fill('80');
  await editor.getByTestId('lesson-save').click();
  await expect(editor.getByTestId('lesson-save')).toBeDisabled();
  await expect(editor.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByTestId('translation-panel')).not.toContainText('Missing in');
  const saved = await page.request.get(`/api/studio/courses/${page.url().split('/').pop()}`);
  const savedLesson = (await saved.json()).modules[0].lessons[0];
  expect(savedLesson.completionThreshold).toBeCloseTo(0.8);

  // ---- publish ----
  await page.getByTestId('course-publish').click();
  await expect(page.getByTestId('publish-result')).toContainText('Published: version 1');
  await expect(page.getByTestId('publish-result')).toContainText(
    'Everything is available in both languages.',
  );
  await expect(page.getByTestId('course-status')).toHaveText('Published');
  await expectAccessible(page, 'studio editor after publishing a video course');
  await screenshot(page, testInfo, 'video-course-published');

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);

  // ---- a Russian-speaking learner finds the course by an inflected word ----
  const email = uniqueEmail('viewer', testInfo);
  const password = 'e2e-viewer-Passw0rd';
  await createAccount(request, {
    email,
    displayName: 'Зритель Курсов',
    locale: 'ru',
    organisationCode: 'GE-TBILISI',
    password,
  });
  await login(page, email, password);
  await page.getByTestId('nav-courses').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Курсы');
  // "декларированию" (dative) finds "Декларирование" (nominative) in the Russian title.
  await page.getByTestId('catalogue-search').fill('декларированию');
  const card = page.getByTestId(`course-card-${code}`);
  await expect(card).toBeVisible();
  await expect(card).toContainText(titleRu);
  await expect(card.getByTestId('language-badges')).toContainText('RU ✓');
  await screenshot(page, testInfo, 'video-catalogue-ru');

  await card.getByRole('link').click();
  await expect(page).toHaveURL(/\/courses\/[0-9a-f-]{36}/);
  await page.getByTestId('course-locale').selectOption('ru');
  await expect(page.getByTestId('course-title')).toHaveText(titleRu);
  const lessonLink = page.getByRole('link', { name: lessonRu });
  await expect(lessonLink).toBeVisible();
  await expect(page.getByText('Видео').first()).toBeVisible();
  await expectAccessible(page, 'video course ru');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'video-course-ru');

  // ---- the video lesson: playable, with Russian captions ----
  // Whatever plays the video (the plain element or a player around it) fetches the Russian captions file.
  const ruCaptionsFetched = page.waitForResponse(
    async (response) =>
      response.ok() &&
      (response.headers()['content-type'] ?? '').includes('text/vtt') &&
      (await response.text()).includes(CAPTION_RU_CUE),
  );
  // …and the video the author uploaded.
  const videoRequested = page.waitForRequest((r) => r.url().includes(`/api/media/${videoAssetId}/`));
  await lessonLink.click();
  await expect(page.getByTestId('lesson-title')).toHaveText(lessonRu);
  const video = page.locator('video').first();
  await expect(video).toBeAttached();
  await ruCaptionsFetched;
  await videoRequested;
  await expect.poll(() => captionLanguages(page)).toContain('ru');

  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play().catch(() => undefined);
  });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => (v.error ? -1 : v.readyState)), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(2);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await video.evaluate((v: HTMLVideoElement) => v.pause());

  await expectAccessible(page, 'video lesson ru');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'video-lesson-ru');
});
