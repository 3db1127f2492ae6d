import type { ProgressReportDto, ProgressReportResultDto } from '@academy/contracts';
import { ProgressQueue, type StorageLike } from '../../apps/web/src/features/player/progress-queue.js';
import {
  isRetryableStatus,
  ProgressReporter,
  type ProgressTransport,
  type SendOutcome,
} from '../../apps/web/src/features/player/progress-reporter.js';

class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

function result(lessonId: string, body: ProgressReportDto): ProgressReportResultDto {
  return {
    lessonId,
    courseId: 'C1',
    status: 'in_progress',
    positionS: body.positionS,
    watchedS: 0,
    durationS: 60,
    watchedPct: 0,
    watched: body.watched,
    completedAt: null,
    updatedAt: null,
    clippedS: 0,
    course: {
      courseId: 'C1',
      status: 'in_progress',
      progressPct: 0,
      completedLessons: 0,
      requiredLessons: 2,
      completedAt: null,
    },
  };
}

/** A server that answers with the status given per call (0 = network down), recording what it got. */
class FakeTransport implements ProgressTransport {
  status = 200;
  readonly received: { lessonId: string; body: ProgressReportDto; keepalive: boolean }[] = [];
  async put(lessonId: string, body: ProgressReportDto, { keepalive }: { keepalive: boolean }) {
    const outcome: SendOutcome =
      this.status === 200
        ? { ok: true, result: result(lessonId, body) }
        : { ok: false, retry: isRetryableStatus(this.status), status: this.status };
    if (this.status !== 0) this.received.push({ lessonId, body, keepalive });
    return outcome;
  }
}

describe('ProgressReporter', () => {
  it('queues reports that fail offline or on 5xx, and sends them on the next successful contact', async () => {
    const storage = new MemoryStorage();
    const server = new FakeTransport();
    const reporter = new ProgressReporter(new ProgressQueue(storage, 'u'), server);
    const results: string[] = [];
    reporter.onResult((r) => results.push(`${r.lessonId}@${r.positionS}`));

    server.status = 0;
    await reporter.report('L1', { positionS: 5, watched: [[0, 5]], seq: 1 });
    server.status = 503;
    await reporter.report('L1', { positionS: 9, watched: [[0, 9]], seq: 2 });
    expect(reporter.queue.hasFailed()).toBe(true);
    expect(reporter.queue.get('L1')).toMatchObject({ positionS: 9, watched: [[0, 9]], seq: 2 });

    server.status = 200;
    await reporter.report('L2', { positionS: 1, watched: [], seq: 3 });
    await reporter.flush();
    expect(reporter.queue.size).toBe(0);
    expect(results).toEqual(['L2@1', 'L1@9']);
    expect(server.received.at(-1)).toMatchObject({ lessonId: 'L1', body: { seq: 2 }, keepalive: false });
  });

  it('drops reports the server refuses for good (4xx other than 401, 408, 429)', async () => {
    const server = new FakeTransport();
    const reporter = new ProgressReporter(new ProgressQueue(new MemoryStorage(), 'u'), server);
    for (const status of [400, 403, 404, 422]) {
      server.status = status;
      await reporter.report('L1', { positionS: 1, watched: [[0, 1]], seq: status });
    }
    expect(reporter.queue.size).toBe(0);
    for (const status of [401, 408, 429, 500]) expect(isRetryableStatus(status)).toBe(true);
  });

  it('keeps a keep-alive report queued until it is answered, so a page that dies loses nothing', async () => {
    const storage = new MemoryStorage();
    let release: (outcome: SendOutcome) => void = () => undefined;
    const hanging: ProgressTransport = {
      put: () =>
        new Promise<SendOutcome>((resolve) => {
          release = resolve;
        }),
    };
    const reporter = new ProgressReporter(new ProgressQueue(storage, 'u'), hanging);
    const sent = reporter.report('L1', { positionS: 7, watched: [[0, 7]], seq: 4 }, { keepalive: true });
    // The page is gone before the answer: the next page load finds the report, not marked as failed.
    const nextLoad = new ProgressQueue(storage, 'u');
    expect(nextLoad.get('L1')).toMatchObject({ positionS: 7, seq: 4, failed: false });
    expect(nextLoad.hasFailed()).toBe(false);
    // If the page lives on and the server answers, the copy goes.
    release({ ok: true, result: result('L1', { positionS: 7, watched: [[0, 7]], seq: 4 }) });
    await sent;
    expect(nextLoad.size).toBe(0);
  });

  it('flushes one at a time and stops while still offline', async () => {
    const storage = new MemoryStorage();
    const server = new FakeTransport();
    const queue = new ProgressQueue(storage, 'u');
    queue.add('L1', { positionS: 1, watched: [[0, 1]], seq: 1 }, { failed: true });
    queue.add('L2', { positionS: 2, watched: [[0, 2]], seq: 2 }, { failed: true });
    const reporter = new ProgressReporter(queue, server);
    server.status = 0;
    await reporter.flush();
    expect(queue.size).toBe(2);
    server.status = 200;
    await Promise.all([reporter.flush(), reporter.flush()]);
    expect(server.received.map((r) => r.lessonId)).toEqual(['L1', 'L2']);
    expect(queue.size).toBe(0);
  });
});
