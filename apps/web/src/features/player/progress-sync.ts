/**
 * The browser side of progress syncing: one reporter per signed-in user over localStorage, retried when
 * the browser comes back online, now and then while something failed, and whenever a page that shows
 * progress opens. Small and free of video.js, so course pages can use it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { applyReportResult, browserTransport } from './progress-api';
import { ProgressQueue, QUEUE_KEY_PREFIX, SeqCounter, type StorageLike } from './progress-queue';
import { ProgressReporter } from './progress-reporter';

/** While something could not be sent, try again this often even without an `online` event. */
const RETRY_EVERY_MS = 30_000;

function browserStorage(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
function notify(): void {
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    // Another tab changed a queue.
    if (event.key === null || event.key.startsWith(QUEUE_KEY_PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const reporters = new Map<string, ProgressReporter>();
let seqCounter: SeqCounter | null = null;

/** The reporter of this user (one per tab). */
export function getProgressReporter(userId: string): ProgressReporter {
  let reporter = reporters.get(userId);
  if (!reporter) {
    const queue = new ProgressQueue(browserStorage(), userId, { onChange: notify });
    reporter = new ProgressReporter(queue, browserTransport);
    reporters.set(userId, reporter);
  }
  return reporter;
}

/** Strictly increasing report numbers for this browser. */
export function nextSeq(): number {
  seqCounter ??= new SeqCounter(browserStorage());
  return seqCounter.next();
}

/**
 * Keeps this user's queue moving while the calling page is open: sends what is queued now (the previous
 * page load may have left something), when the browser comes back online, and every 30 s while something
 * failed. Accepted reports update the progress queries. Returns whether something waits to be sent
 * (failed at least once), for the "saved when you are back online" notice.
 */
export function useProgressSync(userId: string | null | undefined): boolean {
  const client = useQueryClient();
  const reporter = userId ? getProgressReporter(userId) : null;

  const getSnapshot = useCallback(() => reporter?.queue.hasFailed() ?? false, [reporter]);
  const pending = useSyncExternalStore(subscribe, getSnapshot, () => false);

  useEffect(() => {
    if (!reporter) return undefined;
    const off = reporter.onResult((result) => applyReportResult(client, result));
    const flush = () => void reporter.flush();
    flush();
    window.addEventListener('online', flush);
    return () => {
      off();
      window.removeEventListener('online', flush);
    };
  }, [reporter, client]);

  useEffect(() => {
    if (!reporter || !pending) return undefined;
    const timer = window.setInterval(() => void reporter.flush(), RETRY_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [reporter, pending]);

  return pending;
}
