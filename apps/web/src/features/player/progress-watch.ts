/**
 * Records what a learner watches in this page view and reports it:
 * on play, every PROGRESS_REPORT_INTERVAL_S while playing, on pause, after a seek, on ended, when the page
 * is hidden or left (keep-alive), and when the player goes away (navigation inside the app).
 */
import { PROGRESS_MAX_RANGES, PROGRESS_REPORT_INTERVAL_S, type ProgressReportDto } from '@academy/contracts';
import { WatchTracker } from './progress-intervals';
import { getProgressReporter, nextSeq } from './progress-sync';

/** What the tracking needs of a player (a video.js Player fits). */
export interface PlaybackSource {
  currentTime(): number | undefined;
  paused(): boolean;
  seeking(): boolean;
  ended(): boolean;
  on(type: string, fn: () => void): void;
  off(type: string, fn?: () => void): void;
}

export interface WatchProgress {
  /** The next seek is the player's own (resume at the last position) and is not reported. */
  skipNextSeekReport(): void;
  /** Stops listening and sends what is new; call before the player is disposed. */
  detach(): void;
}

export function trackWatchProgress(player: PlaybackSource, lessonId: string, userId: string): WatchProgress {
  const reporter = getProgressReporter(userId);
  const tracker = new WatchTracker({ maxRanges: PROGRESS_MAX_RANGES });
  let timer: number | undefined;
  let lastSent = '';
  let lastPosition = 0;
  let skipSeek = false;

  const position = () => {
    try {
      const t = player.currentTime() ?? 0;
      if (Number.isFinite(t) && t >= 0) lastPosition = Math.round(t * 100) / 100;
    } catch {
      // a player being disposed: keep the last known position
    }
    return lastPosition;
  };

  const send = ({ keepalive = false, onlyIfChanged = false } = {}) => {
    const positionS = position();
    const watched = tracker.watched();
    const signature = `${Math.floor(positionS)}|${JSON.stringify(watched)}`;
    if (onlyIfChanged && signature === lastSent) return;
    lastSent = signature;
    const body: ProgressReportDto = { positionS, watched, seq: nextSeq() };
    void reporter.report(lessonId, body, { keepalive });
  };

  const startTimer = () => {
    if (timer !== undefined) return;
    timer = window.setInterval(() => {
      if (!player.paused()) send();
    }, PROGRESS_REPORT_INTERVAL_S * 1000);
  };
  const stopTimer = () => {
    if (timer !== undefined) window.clearInterval(timer);
    timer = undefined;
  };

  const onTimeUpdate = () => {
    const t = position();
    if (player.paused() || player.seeking()) return;
    tracker.tick(t);
  };
  const onPlay = () => {
    // A resume seek that never happened (already there) must not swallow a later seek's report.
    skipSeek = false;
    // The span starts where playback starts, not at the first `timeupdate` a quarter second later.
    if (!player.seeking()) tracker.tick(position());
    startTimer();
    // The first report starts the server's clock for its rate rule, even with nothing watched yet.
    send();
  };
  const onPause = () => {
    // ...and ends where it stopped.
    if (!player.seeking()) tracker.tick(position());
    tracker.cut();
    stopTimer();
    // At the end a pause comes just before `ended`, which reports.
    if (!player.ended()) send();
  };
  // Never count the span a seek jumps over.
  const onSeeking = () => tracker.cut();
  const onSeeked = () => {
    if (skipSeek) {
      skipSeek = false;
      position();
      return;
    }
    send();
  };
  const onEnded = () => {
    const end = position();
    if (!player.seeking()) tracker.tick(end);
    tracker.cut();
    stopTimer();
    send();
  };
  const onHide = () => send({ keepalive: true, onlyIfChanged: true });
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') onHide();
  };

  player.on('timeupdate', onTimeUpdate);
  player.on('play', onPlay);
  player.on('pause', onPause);
  player.on('seeking', onSeeking);
  player.on('seeked', onSeeked);
  player.on('ended', onEnded);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onHide);

  return {
    skipNextSeekReport() {
      skipSeek = true;
    },
    detach() {
      stopTimer();
      const wasPlaying = !player.paused();
      player.off('timeupdate', onTimeUpdate);
      player.off('play', onPlay);
      player.off('pause', onPause);
      player.off('seeking', onSeeking);
      player.off('seeked', onSeeked);
      player.off('ended', onEnded);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onHide);
      // Leaving the lesson inside the app: the page lives on, so a normal report will do.
      tracker.cut();
      if (wasPlaying || tracker.watched().length > 0) send({ onlyIfChanged: true });
    },
  };
}
