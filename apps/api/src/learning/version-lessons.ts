import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The lessons of one published version in course order, and which a learner must complete. */
export interface VersionLessons {
  lessonIds: string[];
  /** The required lessons, or every lesson when none is marked required (progress's rule). */
  requiredIds: string[];
}

const CACHED_VERSIONS = 2000;

/**
 * Lesson order of published versions, for many versions at once (My learning needs it for every course
 * of a learner in one go). Published versions never change, so entries never go stale; the map is only
 * bounded. Misses are read in one statement that pulls the ids out of the snapshots in PostgreSQL, so
 * article bodies never travel.
 */
@Injectable()
export class VersionLessonsCache {
  private readonly versions = new Map<string, VersionLessons>();

  constructor(private readonly dataSource: DataSource) {}

  async get(versionIds: string[]): Promise<Map<string, VersionLessons>> {
    const out = new Map<string, VersionLessons>();
    const missing: string[] = [];
    for (const id of new Set(versionIds)) {
      const hit = this.versions.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const rows = (await this.dataSource.query(
      `SELECT v.id AS version_id, l.value ->> 'id' AS lesson_id,
              COALESCE((l.value ->> 'required')::boolean, true) AS required
         FROM course_versions v
         CROSS JOIN LATERAL jsonb_array_elements(v.content -> 'modules') WITH ORDINALITY AS m(value, mi)
         CROSS JOIN LATERAL jsonb_array_elements(m.value -> 'lessons') WITH ORDINALITY AS l(value, li)
        WHERE v.id = ANY($1::uuid[])
        ORDER BY v.id, m.mi, l.li`,
      [missing],
    )) as { version_id: string; lesson_id: string; required: boolean }[];
    const lists = new Map<string, { id: string; required: boolean }[]>(missing.map((id) => [id, []]));
    for (const row of rows) lists.get(row.version_id)!.push({ id: row.lesson_id, required: row.required });
    for (const [id, lessons] of lists) {
      const required = lessons.filter((lesson) => lesson.required);
      const entry: VersionLessons = {
        lessonIds: lessons.map((lesson) => lesson.id),
        requiredIds: (required.length > 0 ? required : lessons).map((lesson) => lesson.id),
      };
      out.set(id, entry);
      this.versions.set(id, entry);
      if (this.versions.size > CACHED_VERSIONS) this.versions.delete(this.versions.keys().next().value!);
    }
    return out;
  }
}
