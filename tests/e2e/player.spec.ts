import { expect, test, type Page, type Response } from '@playwright/test';
import {
  createAccount,
  expectAccessible,
  expectNoHorizontalOverflow,
  login,
  screenshot,
  uniqueEmail,
} from './helpers';

/** The lazy player chunks: video.js (named by Vite's codeSplitting group) and the component around it. */
const PLAYER_CHUNK = /\/assets\/(videojs|VideoPlayer)-[\w-]+\.(js|css)$/;

interface ProgressResult {
  lessonId: string;
  status: string;
  positionS: number;
  watchedS: number;
  watchedPct: number;
  watched: [number, number][];
  clippedS: number;
  course: { status: string; progressPct: number };
}

function isProgressPut(response: Response): boolean {
  return (
    response.request().method() === 'PUT' && /\/api\/lessons\/[0-9a-f-]{36}\/progress$/.test(response.url())
  );
}

/** Waits for the next accepted progress report and returns the server's answer. */
async function nextReport(
  page: Page,
  what: Promise<unknown> | (() => Promise<unknown>),
): Promise<ProgressResult> {
  const response = page.waitForResponse((r) => isProgressPut(r) && r.ok());
  await (typeof what === 'function' ? what() : what);
  return (await (await response).json()) as ProgressResult;
}

const video = (page: Page) => page.getByTestId('lesson-video').locator('video');
const currentTime = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);

/** A learner no other test touches: progress is per learner and lesson. */
async function freshLearner(
  page: Page,
  request: Parameters<typeof createAccount>[0],
  testInfo: Parameters<typeof uniqueEmail>[1],
  locale: 'en' | 'ru',
): Promise<void> {
  const email = uniqueEmail(`player-${locale}`, testInfo);
  const password = 'e2e-player-Passw0rd';
  await createAccount(request, {
    email,
    displayName: locale === 'ru' ? 'Зритель Видео' : 'Video Watcher',
    locale,
    organisationCode: 'GE-TBILISI',
    password,
  });
  await login(page, email, password);
}

test('a learner plays a video lesson with captions and speed, resumes after a reload, and cannot complete it by seeking to the end', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const chunks: string[] = [];
  page.on('request', (r) => {
    if (PLAYER_CHUNK.test(new URL(r.url()).pathname)) chunks.push(r.url());
  });
  await freshLearner(page, request, testInfo, 'en');

  // ---- the catalogue and the course outline never download the player ----
  await page.getByTestId('nav-courses').click();
  const card = page.getByTestId('course-card-HS-BASICS');
  await expect(card).toBeVisible();
  await card.getByRole('link').click();
  await expect(page.getByTestId('course-title')).toHaveText('Harmonized System basics');
  await page.waitForLoadState('networkidle');
  expect(chunks, 'video.js requested outside a lesson page').toEqual([]);

  // ---- the lesson: video.js arrives with it ----
  await page.getByRole('link', { name: 'What the Harmonized System is' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('What the Harmonized System is');
  const player = page.getByTestId('video-player');
  await expect(player.locator('.video-js')).toBeVisible();
  expect(chunks.some((url) => url.includes('/assets/videojs-'))).toBe(true);
  await expect(page.getByTestId('resume')).toHaveCount(0);
  // HLS once the demo video's renditions are ready (transcoded after seeding), else the original mp4.
  const source = await player
    .locator('.video-js')
    .evaluate((el) => (el as unknown as { player: { currentSrc(): string } }).player.currentSrc());
  testInfo.annotations.push({ type: 'source', description: source });

  // English content: the English captions track is showing.
  await expect(player).toHaveAttribute('data-captions', 'en');
  await expect(player.locator('.vjs-text-track-display')).toContainText(
    'The Harmonized System gives every traded good a six-digit code.',
  );

  // Speed menu: 1.5× plays at 1.5×, then back to normal.
  const rateButton = player.locator('.vjs-playback-rate .vjs-menu-button');
  await player.locator('.video-js').hover();
  await rateButton.click();
  await player.getByRole('menuitemradio', { name: /^1\.5x/ }).click();
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);
  await rateButton.click();
  await player.getByRole('menuitemradio', { name: /^1x/ }).click();
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1);

  // Keyboard: M mutes (headless has no sound anyway; the test must not depend on autoplay rules).
  await player.locator('.video-js').focus();
  await page.keyboard.press('m');
  await expect.poll(() => video(page).evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);

  // Play: the first report goes out at once (it starts the server's clock), the time advances.
  const started = await nextReport(page, () => player.locator('.vjs-big-play-button').click());
  expect(started.status).toBe('in_progress');
  await expect.poll(() => currentTime(page), { timeout: 15_000 }).toBeGreaterThan(6.3);
  // K pauses; the pause is reported with the position and the seconds watched.
  await player.locator('.video-js').focus();
  const paused = await nextReport(page, () => page.keyboard.press('k'));
  const pausedAt = await currentTime(page);
  expect(pausedAt).toBeLessThan(9);
  expect(paused.positionS).toBeCloseTo(pausedAt, 0);
  expect(paused.watchedS).toBeGreaterThanOrEqual(5);
  expect(paused.clippedS).toBe(0);
  expect(paused.status).toBe('in_progress');
  await expect(page.getByTestId('lesson-status')).toContainText('In progress');
  await expect(page.getByTestId('lesson-status-pct')).toContainText(`${paused.watchedPct}% watched`);

  // Arrow keys seek 5 s; a seek is reported and adds nothing watched.
  const seeked = await nextReport(page, () => page.keyboard.press('ArrowLeft'));
  expect(seeked.positionS).toBeCloseTo(Math.max(0, pausedAt - 5), 0);
  expect(seeked.watchedS).toBe(paused.watchedS);
  // ...and back to where it was paused.
  await nextReport(page, () => page.keyboard.press('ArrowRight'));

  // Captions follow the content language.
  await page.getByTestId('lesson-locale').selectOption('ru');
  await expect(player).toHaveAttribute('data-captions', 'ru');
  // The cue on screen is the one for the paused position (4 s each); a loaded machine may pause in any.
  const ruCues = ['шестизначный код', 'Она состоит из 21 раздела', 'по шести Основным правилам'];
  const cue = ruCues[Math.min(2, Math.floor((await currentTime(page)) / 4))];
  await expect(player.locator('.vjs-text-track-display')).toContainText(cue);
  await page.getByTestId('lesson-locale').selectOption('en');
  await expect(player).toHaveAttribute('data-captions', 'en');

  // ---- reload: offered to resume where the learner stopped ----
  const clock = `00:0${Math.floor(pausedAt)}`;
  await page.reload();
  const resume = page.getByTestId('resume');
  await expect(resume).toBeVisible();
  await expect(resume).toContainText(`You stopped at ${clock}.`);
  await expect(page.getByTestId('resume-play')).toHaveText(`▶ Resume from ${clock}`);
  await expect(page.getByTestId('resume-start-over')).toHaveText('Start over');
  // The player is already at that position.
  await expect.poll(() => currentTime(page)).toBeGreaterThan(Math.floor(pausedAt) - 0.5);
  await expect(page.getByTestId('lesson-status')).toContainText('In progress');
  await expectAccessible(page, 'video lesson with the resume prompt');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'player-resume-en');

  await video(page).evaluate((v: HTMLVideoElement) => {
    v.muted = true;
  });
  const resumed = await nextReport(page, () => page.getByTestId('resume-play').click());
  expect(resumed.positionS).toBeGreaterThan(Math.floor(pausedAt) - 0.5);
  await expect(resume).toHaveCount(0);

  // ---- jumping to the end does not complete the lesson ----
  const ended = page.waitForResponse(
    async (r) =>
      isProgressPut(r) &&
      r.ok() &&
      ((JSON.parse(r.request().postData() ?? '{}') as { positionS?: number }).positionS ?? 0) >= 11.5,
  );
  await video(page).evaluate((v: HTMLVideoElement) => {
    v.currentTime = v.duration - 0.3;
  });
  const atEnd = (await (await ended).json()) as ProgressResult;
  expect(atEnd.status).toBe('in_progress');
  expect(atEnd.watchedPct).toBeLessThan(90);
  await expect(page.getByTestId('lesson-status')).toContainText('In progress');
  await player.locator('.video-js').hover();
  await expectAccessible(page, 'video lesson after playing');
  await screenshot(page, testInfo, 'player-lesson-en');

  // ---- the course outline shows the lesson's status and the course's progress ----
  await page.getByRole('link', { name: 'Harmonized System basics' }).click();
  await expect(page.getByTestId('course-title')).toBeVisible();
  const row = page.locator('[data-testid^="lesson-status-"]').first();
  await expect(row).toHaveAttribute('data-status', 'in_progress');
  await expect(row).toContainText(`In progress · ${atEnd.watchedPct}% watched`);
  await expect(page.getByTestId('course-progress')).toBeVisible();
  await expect(page.getByTestId('course-progress-pct')).toHaveText(`${atEnd.course.progressPct}%`);
  await expectAccessible(page, 'course outline with progress');
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'player-course-en');
});

test('progress made without a connection is queued, survives a reload and reaches the server when back online', async ({
  page,
  context,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  await freshLearner(page, request, testInfo, 'ru');
  await page.getByTestId('nav-courses').click();
  await page.getByTestId('course-card-RKC').getByRole('link').click();
  await page.getByRole('link', { name: 'Конвенция за две минуты' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Конвенция за две минуты');
  const player = page.getByTestId('video-player');
  await expect(player.locator('.video-js')).toBeVisible();
  const lessonId = new URL(page.url()).pathname.split('/').at(-1)!;

  // Russian interface and content: Russian captions by default, Russian player controls.
  await expect(player).toHaveAttribute('data-captions', 'ru');
  await expect(player.locator('.vjs-big-play-button')).toHaveAccessibleName(/Воспроизвести/);

  await video(page).evaluate((v: HTMLVideoElement) => {
    v.muted = true;
  });
  await nextReport(page, () => player.locator('.vjs-big-play-button').click());
  await expect.poll(() => currentTime(page), { timeout: 15_000 }).toBeGreaterThan(1);

  // ---- the connection drops while watching ----
  await context.setOffline(true);
  await expect.poll(() => currentTime(page), { timeout: 15_000 }).toBeGreaterThan(4);
  await player.locator('.video-js').focus();
  await page.keyboard.press('k');
  const notice = page.getByTestId('progress-offline');
  await expect(notice).toContainText('Прогресс сохранится, как только восстановится связь.');
  const queued = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([key]) => key.startsWith('academy.progressQueue.'))
      .map(([, value]) => JSON.parse(value) as Record<string, { watched: [number, number][] }>),
  );
  expect(queued).toHaveLength(1);
  const offlineWatched = queued[0][lessonId].watched;
  expect(offlineWatched.at(-1)![1]).toBeGreaterThan(4);
  await expectAccessible(page, 'video lesson offline');
  await screenshot(page, testInfo, 'player-offline-ru');

  // ---- back online: the queue is sent and the notice goes ----
  const flushed = page.waitForResponse(
    (r) =>
      isProgressPut(r) &&
      r.ok() &&
      ((JSON.parse(r.request().postData() ?? '{}') as { watched?: [number, number][] }).watched ?? []).some(
        ([, to]) => to > 4,
      ),
  );
  await context.setOffline(false);
  const afterReconnect = (await (await flushed).json()) as ProgressResult;
  expect(afterReconnect.watchedS).toBeGreaterThanOrEqual(4);
  await expect(notice).toHaveCount(0);
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('academy.progressQueue.')),
    ),
  ).toEqual([]);

  // ---- a report that cannot be sent survives a reload ----
  // An offline browser cannot reload the page, so here only progress reports lose the network: they are
  // aborted as a dropped connection would (no answer is made up); everything else loads normally.
  const cut = async (route: import('@playwright/test').Route) => {
    if (route.request().method() === 'PUT') await route.abort('internetdisconnected');
    else await route.continue();
  };
  await page.route('**/api/lessons/*/progress', cut);
  await player.locator('.video-js').focus();
  await page.keyboard.press('k');
  await expect.poll(() => currentTime(page), { timeout: 15_000 }).toBeGreaterThan(7);
  await page.keyboard.press('k');
  await expect(notice).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('lesson-title')).toHaveText('Конвенция за две минуты');
  // Still queued after the reload (the retry on load was cut too), and said so.
  await expect(page.getByTestId('progress-offline')).toBeVisible();
  const kept = await page.evaluate(
    (id) =>
      Object.entries(localStorage)
        .filter(([key]) => key.startsWith('academy.progressQueue.'))
        .map(([, value]) => (JSON.parse(value) as Record<string, { watched: [number, number][] }>)[id]),
    lessonId,
  );
  expect(kept[0].watched.at(-1)![1]).toBeGreaterThan(7);
  await expectNoHorizontalOverflow(page);
  await screenshot(page, testInfo, 'player-queued-after-reload-ru');

  // The network returns: the next `online` sends it.
  await page.unroute('**/api/lessons/*/progress', cut);
  const delivered = page.waitForResponse(
    (r) =>
      isProgressPut(r) &&
      r.ok() &&
      ((JSON.parse(r.request().postData() ?? '{}') as { watched?: [number, number][] }).watched ?? []).some(
        ([, to]) => to > 7,
      ),
  );
  await context.setOffline(true);
  await context.setOffline(false);
  await delivered;
  await expect(page.getByTestId('progress-offline')).toHaveCount(0);
  const stored = await page.request.get(`/api/lessons/${lessonId}/progress`);
  expect(stored.ok()).toBe(true);
  const progress = (await stored.json()) as ProgressResult;
  // Everything watched reached the server: from the start to past 7 s, in one piece.
  expect(progress.watched[0][0]).toBe(0);
  expect(progress.watched[0][1]).toBeGreaterThanOrEqual(7);
  await expect(page.getByTestId('lesson-status')).toContainText('В процессе');
  await expectAccessible(page, 'video lesson after the queue was sent');
  await screenshot(page, testInfo, 'player-lesson-ru');
});
