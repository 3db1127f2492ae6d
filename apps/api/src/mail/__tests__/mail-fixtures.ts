import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MailClock } from '../mail.clock.js';

/** Takes over the mail area's clock: time stands still unless the test moves it. */
export function controlMailClock(app: INestApplicationContext, start = Date.parse('2031-03-01T09:00:00Z')) {
  let now = start;
  jest.spyOn(app.get(MailClock), 'now').mockImplementation(() => new Date(now));
  return {
    advance(seconds: number) {
      now += seconds * 1000;
    },
    set(at: number) {
      now = at;
    },
    get now() {
      return now;
    },
  };
}

const HOUR = 3600 * 1000;
export const hours = (n: number) => n * HOUR;
export const days = (n: number) => n * 24 * HOUR;

/**
 * A published course written straight into the tables: one row in `courses` (the draft) and one version per
 * entry of `versions` (its title), the last being the one learners see.
 */
export async function newCourse(
  db: DataSource,
  versions: Record<string, string>[],
  options: { baseLocale?: 'en' | 'ru'; status?: 'published' | 'archived' } = {},
): Promise<string> {
  const baseLocale = options.baseLocale ?? 'en';
  const latest = versions[versions.length - 1];
  const [course] = (await db.query(
    `INSERT INTO courses (code, base_locale, title, status, version, published_at)
     VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
    [
      `MAIL-${randomBytes(4).toString('hex')}`,
      baseLocale,
      JSON.stringify(latest),
      options.status ?? 'published',
      versions.length,
    ],
  )) as { id: string }[];
  for (const [i, title] of versions.entries()) {
    await db.query(
      `INSERT INTO course_versions (course_id, version, content, search, title, base_locale, topics, complete_locales)
       VALUES ($1, $2, '{}'::jsonb, ''::tsvector, $3, $4, '{}', $5)`,
      [course.id, i + 1, JSON.stringify(title), baseLocale, Object.keys(title)],
    );
  }
  return course.id;
}

export interface EnrolmentOptions {
  dueAt?: Date | null;
  /** Default: an assignment made 30 days before `now` of the test (2031-03-01). */
  assignedAt?: Date | null;
  completedAt?: Date | null;
  progressPct?: number;
}

export async function enrol(
  db: DataSource,
  userId: string,
  courseId: string,
  options: EnrolmentOptions = {},
): Promise<string> {
  const assignedAt =
    options.assignedAt === undefined ? new Date(Date.parse('2031-01-30T09:00:00Z')) : options.assignedAt;
  const [row] = (await db.query(
    `INSERT INTO enrolments (user_id, course_id, source, due_at, assigned_at, status, progress_pct, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      userId,
      courseId,
      assignedAt ? 'assigned' : 'self',
      options.dueAt ?? null,
      assignedAt,
      options.completedAt ? 'completed' : (options.progressPct ?? 0) > 0 ? 'in_progress' : 'not_started',
      options.completedAt ? 100 : (options.progressPct ?? 0),
      options.completedAt ?? null,
    ],
  )) as { id: string }[];
  return row.id;
}

export async function newCertificate(
  db: DataSource,
  userId: string,
  courseId: string,
  options: { completedAt?: Date; revoked?: boolean } = {},
): Promise<{ id: string; code: string }> {
  const code = randomBytes(8).toString('hex').toUpperCase();
  const [row] = (await db.query(
    `INSERT INTO certificates (code, user_id, course_id, course_version, holder_name, course_title, base_locale,
                               issuer_name, completed_at, revoked_at, revoke_reason)
     VALUES ($1, $2, $3, 1, 'Holder', '{"en":"x"}', 'en', '{"en":"Office"}', $4, $5, $6) RETURNING id`,
    [
      code,
      userId,
      courseId,
      options.completedAt ?? new Date('2031-02-20T10:00:00Z'),
      options.revoked ? new Date() : null,
      options.revoked ? 'issued by mistake' : null,
    ],
  )) as { id: string }[];
  return { id: row.id, code };
}

export interface OutboxState {
  id: string;
  kind: string;
  attempts: number;
  sent_at: Date | null;
  failed_at: Date | null;
  send_after: Date;
  claimed_until: Date | null;
  last_error: string | null;
  dedupe_key: string;
}

export async function outboxRows(db: DataSource): Promise<OutboxState[]> {
  return (await db.query(
    `SELECT id, kind, attempts, sent_at, failed_at, send_after, claimed_until, last_error, dedupe_key
       FROM mail_outbox ORDER BY id`,
  )) as OutboxState[];
}

// --- reading messages back -------------------------------------------------------------------------

export interface ParsedMail {
  raw: string;
  /** Header names in lower case, values unfolded and with encoded words decoded. */
  headers: Record<string, string>;
  /** Raw (still encoded) header values. */
  rawHeaders: Record<string, string>;
  text: string;
  html: string | null;
  contentType: string;
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`); adjacent words are joined before decoding. */
export function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(pending).toString('utf8');
    pending = [];
  };
  for (const match of value.matchAll(word)) {
    const between = value.slice(last, match.index);
    if (!(pending.length && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const [, , encoding, text] = match;
    pending.push(
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ),
    );
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

function splitHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Parses a message as nodemailer writes it: one text/plain part, or multipart/alternative text + HTML. */
export function parseMail(raw: string): ParsedMail {
  const split = raw.indexOf('\r\n\r\n');
  const rawHeaders = splitHeaders(raw.slice(0, split));
  const headers = Object.fromEntries(Object.entries(rawHeaders).map(([k, v]) => [k, decodeWords(v)]));
  const body = raw.slice(split + 4);
  const contentType = rawHeaders['content-type'] ?? 'text/plain';
  let text = '';
  let html: string | null = null;
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const partSplit = part.indexOf('\r\n\r\n');
      const partHeaders = splitHeaders(part.slice(0, partSplit).replace(/^\r\n/, ''));
      const decoded = decodeBody(partHeaders, part.slice(partSplit + 4));
      if (partHeaders['content-type']?.startsWith('text/plain')) text = decoded;
      if (partHeaders['content-type']?.startsWith('text/html')) html = decoded;
    }
  } else {
    text = decodeBody(rawHeaders, body);
  }
  return { raw, headers, rawHeaders, text, html, contentType };
}

/** Every .eml file written under `dir` (none when it does not exist), parsed. */
export async function readMailDir(dir: string): Promise<ParsedMail[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map(async (f) => parseMail(await readFile(path.join(dir, f), 'utf8'))));
}

/** Polls `check` until it returns a value other than null/false (no fixed sleeps in tests). */
export async function until<T>(check: () => Promise<T | null | false>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
