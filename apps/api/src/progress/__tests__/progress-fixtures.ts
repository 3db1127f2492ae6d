import type { TestContext } from '@academy/testing';
import { jest } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import { Clock } from '../../common/clock.js';

export interface LessonSpec {
  kind?: 'video' | 'article' | 'document';
  /** Seconds, for videos; null for a video whose duration is unknown. */
  durationS?: number | null;
  required?: boolean;
  completionThreshold?: number | null;
}

async function newAsset(ctx: TestContext, kind: 'video' | 'document', durationS: number | null) {
  const [row] = (await ctx.db.query(
    `INSERT INTO media_assets (kind, filename, mime, size, status, duration_s)
     VALUES ($1, $2, $3, 100, 'ready', $4) RETURNING id`,
    [kind, `${kind}.bin`, kind === 'video' ? 'video/mp4' : 'application/pdf', durationS],
  )) as { id: string }[];
  return row.id;
}

let courses = 0;

/** Builds a course through the studio API (one module, the given lessons) and publishes it unless told not to. */
export async function buildCourse(
  ctx: TestContext,
  author: TestAgent,
  lessons: LessonSpec[],
  options: {
    publish?: boolean;
    audience?: 'region' | 'administrations';
    audienceOrganisationIds?: string[];
  } = {},
): Promise<{ id: string; moduleId: string; lessonIds: string[] }> {
  const course = await author
    .post('/api/studio/courses')
    .send({
      code: `PROG-${process.pid}-${++courses}`,
      baseLocale: 'en',
      title: { en: `Progress course ${courses}` },
      summary: { en: 'Watching' },
      audience: options.audience ?? 'region',
      audienceOrganisationIds: options.audienceOrganisationIds,
    })
    .expect(201);
  const withModule = await author
    .post(`/api/studio/courses/${course.body.id}/modules`)
    .send({ title: { en: 'Videos' } })
    .expect(201);
  const moduleId = withModule.body.modules[0].id as string;
  let draft = withModule.body;
  for (const [i, lesson] of lessons.entries()) {
    const kind = lesson.kind ?? 'video';
    const variants =
      kind === 'article'
        ? { en: { body: 'Read this.' } }
        : {
            en: {
              mediaAssetId: await newAsset(ctx, kind, kind === 'video' ? (lesson.durationS ?? null) : null),
            },
          };
    const created = await author
      .post(`/api/studio/modules/${moduleId}/lessons`)
      .send({
        kind,
        title: { en: `Lesson ${i + 1}` },
        required: lesson.required ?? true,
        completionThreshold: lesson.completionThreshold,
        variants,
      })
      .expect(201);
    draft = created.body;
  }
  if (options.publish ?? true) await author.post(`/api/studio/courses/${course.body.id}/publish`).expect(200);
  return {
    id: course.body.id as string,
    moduleId,
    lessonIds: draft.modules[0].lessons.map((l: { id: string }) => l.id),
  };
}

/** Takes over the API's Clock: time stands still unless the test moves it. */
export function controlClock(ctx: TestContext, start = Date.parse('2031-03-01T09:00:00Z')) {
  let now = start;
  jest.spyOn(ctx.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  return {
    advance(seconds: number) {
      now += seconds * 1000;
    },
    get now() {
      return now;
    },
  };
}

/** The reference: what the server should store for these reported ranges, computed directly. */
export function expectedWatched(ranges: [number, number][], durationS: number): [number, number][] {
  const duration = Math.round(durationS);
  const whole = ranges
    .map(([from, to]): [number, number] => [
      Math.round(Math.min(from, duration)),
      Math.round(Math.min(to, duration)),
    ])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const union: [number, number][] = [];
  for (const [from, to] of whole) {
    const last = union.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else union.push([from, to]);
  }
  return union;
}

export const measure = (ranges: [number, number][]) => ranges.reduce((sum, [from, to]) => sum + to - from, 0);
