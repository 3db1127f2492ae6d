import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import Cursor from 'pg-cursor';
import { EXPORT_FORMATS, type ExportFormat } from '@academy/contracts';
import type { ReportTable } from '../report-table.js';
import { copyStatement, CrlfRecords, inlineParams, type ColumnType } from './csv-copy.js';
import { csvRecord, XLSX_NUMBER_FORMATS, xlsxCells } from './export-cells.js';

export { EXPORT_FORMATS, type ExportFormat };

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows per cursor fetch: large enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH_ROWS = 2000;

/**
 * Memory for the sort of a CSV export's query (PostgreSQL's, per export; at most MAX_CONCURRENT_EXPORTS run):
 * the people report sorts a million rows, in a few large runs instead of many small ones.
 */
const EXPORT_WORK_MEM = '64MB';

/** Uncompressed sheet XML allowed to wait for the zip compressor (bounds XLSX memory). */
const XLSX_ENTRY_BACKLOG = 8 * 1024 * 1024;

/** How long closing a cursor may take before the connection is dropped instead of returned to the pool. */
const CLOSE_TIMEOUT_MS = 10_000;

const AS_TEXT = new Set<number>([
  pg.types.builtins.DATE,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.TIMESTAMPTZ,
]);
const asText = (value: string) => value;

/**
 * Type parsers for exports: dates and timestamps stay the text PostgreSQL sends (`YYYY-MM-DD`, `YYYY-MM-DD
 * HH:MM:SS[.f]+00`) and export-cells.ts turns them into ISO 8601: no local-midnight shift for a `date`, and
 * no million Date objects. Everything else as pg does (bigint and numeric arrive as text, made numbers there).
 */
export const EXPORT_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (AS_TEXT.has(oid)) return asText;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** The reader went away (client disconnected) before the export finished. */
export class ExportAborted extends Error {
  constructor() {
    super('The export was aborted: the output closed before the end');
  }
}

export interface ExportOptions {
  /**
   * Called once, when the first rows (or the end of an empty result) have arrived and before the first
   * byte is written: the place to set response headers. A failing query rejects before it, leaving the
   * output untouched (the caller can still answer with an error).
   */
  onStart?: () => void;
  /** XLSX: rows per cursor fetch (EXPORT_BATCH_ROWS). */
  batchRows?: number;
}

export interface ExportResult {
  rows: number;
}

type Row = Record<string, unknown>;

/**
 * Whether a writable asked its writer to wait for 'drain'. Node's streams say so in `writableNeedDrain`;
 * archiver's entry streams come from readable-stream 2, which only has the internal `needDrain` flag.
 */
function needsDrain(stream: Writable, backlog = 0): boolean {
  if (typeof stream.writableNeedDrain === 'boolean') {
    return stream.writableNeedDrain && stream.writableLength > backlog;
  }
  const state = (stream as unknown as { _writableState?: { needDrain?: boolean; length?: number } })
    ._writableState;
  return state?.needDrain === true && (state.length ?? 0) > backlog;
}

/**
 * Waits until `stream` can take more: at once while it holds at most `backlog` bytes, otherwise until it
 * drained. Rejects with ExportAborted when `out` (the reader's side; `stream` itself by default) closes first.
 */
function drained(stream: Writable, out: Writable = stream, backlog = 0): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(new ExportAborted());
  if (!needsDrain(stream, backlog)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new ExportAborted());
    const onError = (error: Error) => done(error);
    stream.on('drain', onDrain);
    stream.on('error', onError);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/** Resolves when `out` has finished (all bytes handed to the OS), rejects when it closed before. */
function finished(out: Writable): Promise<void> {
  if (out.writableFinished) return Promise.resolve();
  if (out.destroyed) return Promise.reject(new ExportAborted());
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('finish', onFinish);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onFinish = () => done();
    const onClose = () => done(out.writableFinished ? undefined : new ExportAborted());
    const onError = (error: Error) => done(error);
    out.on('finish', onFinish);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/** Where the rows go: CSV or XLSX, written batch by batch with the output's backpressure. */
interface Sink {
  write(rows: Row[]): void | Promise<void>;
  end(): Promise<void>;
}

/**
 * The streams exceljs's worksheet buffer (`_stream`, a StreamBuf) pipes into: archiver's entry input.
 * Internal to exceljs 4.4 (pinned); if the shape changes, this finds nothing and only `out` is waited for.
 */
function sheetEntryStreams(sheet: ExcelJS.Worksheet): Writable[] {
  const buffer = (sheet as unknown as { _stream?: { pipes?: unknown } })._stream;
  const pipes = buffer?.pipes;
  return Array.isArray(pipes)
    ? pipes.filter((p): p is Writable => typeof (p as Writable)?.write === 'function')
    : [];
}

/**
 * XLSX through exceljs's streaming writer: no shared strings (they would keep every distinct text in
 * memory), styles only for the bold header and the per-column number formats (ISO 8601 dates), rows
 * committed as they are written. The zip goes straight to `out`.
 */
function xlsxSink(table: ReportTable, out: Writable): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
    zip: { zlib: { level: 1 } },
  });
  // Sheet names: at most 31 characters, none of []:*?/\.
  const sheetName = table.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'report';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => {
    const header = column.header[table.locale];
    return { header, key: column.key, width: Math.min(60, Math.max(12, header.length + 2)) };
  });
  // One style object per column, the same object in every cell: exceljs caches a style's id by object
  // identity, so the style XML is built once per column instead of once per cell (a fifth of the CPU).
  const styles: Partial<ExcelJS.Style>[] = table.columns.map((column) => {
    const numFmt = XLSX_NUMBER_FORMATS[column.type];
    return numFmt ? { numFmt } : {};
  });
  const bold: Partial<ExcelJS.Style> = { font: { bold: true } };
  const headerRow = sheet.getRow(1);
  for (let c = 1; c <= table.columns.length; c++) headerRow.getCell(c).style = bold;
  headerRow.commit();
  return {
    async write(rows) {
      for (const row of rows) {
        const sheetRow = sheet.addRow(xlsxCells(table.columns, row));
        for (let c = 0; c < styles.length; c++) sheetRow.getCell(c + 1).style = styles[c];
        sheetRow.commit();
      }
      // exceljs writes the sheet's XML into the zip entry without heeding its backpressure, and the zip
      // deflates asynchronously: without this wait, rows pile up in memory ahead of the compressor. A few
      // MB of backlog keep the compressor (on the thread pool) busy while the next rows are rendered.
      for (const entry of sheetEntryStreams(sheet)) await drained(entry, out, XLSX_ENTRY_BACKLOG);
    },
    async end() {
      sheet.commit();
      // The workbook resolves on the output's 'finish'; if the reader leaves during the last bytes, that
      // never comes: the output's 'close' ends the wait.
      await Promise.race([workbook.commit(), finished(out)]);
      await finished(out);
    },
  };
}

/**
 * Streams every row of `table` into `out`: CSV through PostgreSQL's COPY (exportCsv), XLSX through a cursor
 * (exportXlsx). Both run on a dedicated connection from `pool` and wait for `out` to drain, so memory stays flat
 * whatever the size. The connection goes back to the pool in every path: at the end, when `out` closes early (the
 * reader disconnected: rejects with ExportAborted once the query is stopped) and on errors (then the connection
 * is dropped). Errors before the first byte (the query fails, a column is not a cell) reject before `onStart`.
 */
export function exportReportTable(
  pool: pg.Pool,
  table: ReportTable,
  format: ExportFormat,
  out: Writable,
  options: ExportOptions = {},
): Promise<ExportResult> {
  return format === 'csv' ? exportCsv(pool, table, out, options) : exportXlsx(pool, table, out, options);
}

/**
 * XLSX: the SQL runs through a server-side cursor, `batchRows` at a time, the next batch fetched while the
 * current one is written.
 */
async function exportXlsx(
  pool: pg.Pool,
  table: ReportTable,
  out: Writable,
  options: ExportOptions,
): Promise<ExportResult> {
  const batchRows = options.batchRows ?? EXPORT_BATCH_ROWS;
  const client = await pool.connect();
  const cursor = client.query(new Cursor<Row>(table.sql, table.params as unknown[], { types: EXPORT_TYPES }));
  let broken: Error | undefined;
  let pending: Promise<Row[]> | null = null;
  let rows = 0;
  try {
    pending = cursor.read(batchRows);
    let batch = await pending;
    pending = null;
    if (out.destroyed) throw new ExportAborted();
    options.onStart?.();
    const sink = xlsxSink(table, out);
    while (batch.length > 0) {
      // Fetch ahead: the database produces the next batch while this one is formatted and written.
      const more = batch.length === batchRows;
      pending = more ? cursor.read(batchRows) : null;
      // A rejected read is awaited below; until then it must not count as unhandled.
      pending?.catch(() => undefined);
      await sink.write(batch);
      rows += batch.length;
      await drained(out);
      if (!pending) break;
      batch = await pending;
      pending = null;
    }
    await sink.end();
    return { rows };
  } catch (error) {
    if (!(error instanceof ExportAborted)) {
      // A query error, or a failed write: the connection's state is not worth trusting.
      broken = error instanceof Error ? error : new Error(String(error));
    }
    throw error;
  } finally {
    await closeCursor(cursor, pending, broken).then(
      () => client.release(broken),
      (error: Error) => client.release(error),
    );
  }
}

async function closeCursor(cursor: Cursor<Row>, pending: Promise<Row[]> | null, broken?: Error) {
  if (broken) return; // the connection is dropped on release
  // Let an outstanding fetch finish first, so the portal is idle when it is closed.
  if (pending) await pending;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      cursor.close(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('closing the export cursor timed out')), CLOSE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

type CopyStream = ReturnType<typeof copyTo>;

/**
 * Reads a COPY … TO STDOUT stream chunk by chunk. pg-copy-streams reports a query error by emitting 'error'
 * (not by destroying the stream), possibly while nobody reads: it is kept and thrown at the next read.
 * Paused-mode reads: while nobody asks, the stream's buffer fills and pg-copy-streams stops reading the
 * socket, so PostgreSQL waits (TCP backpressure) instead of rows piling up here.
 */
class CopyReader {
  private error: Error | null = null;
  private ended = false;
  /**
   * Resolves when the client got ReadyForQuery after the COPY (ended or failed) and has nothing else queued
   * (pg's 'drain'): the next query goes out at once.
   */
  readonly settled: Promise<void>;

  constructor(
    client: pg.PoolClient,
    readonly stream: CopyStream,
  ) {
    stream.on('error', (error: Error) => (this.error ??= error));
    stream.on('end', () => (this.ended = true));
    this.settled = new Promise((resolve) => client.once('drain', () => resolve()));
  }

  get done(): boolean {
    return this.ended || this.error !== null;
  }

  /** The next chunk, or null at the end; rejects with the query's error. */
  read(): Promise<Buffer | null> {
    const stream = this.stream;
    if (this.error) return Promise.reject(this.error);
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) return Promise.resolve(chunk);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const done = () => {
        stream.off('readable', onReadable);
        stream.off('end', onEnd);
        stream.off('error', onError);
      };
      const onReadable = () => {
        const next = stream.read() as Buffer | null;
        if (next === null) return; // 'end' follows
        done();
        resolve(next);
      };
      const onEnd = () => {
        done();
        resolve(null);
      };
      const onError = (error: Error) => {
        done();
        reject(error);
      };
      stream.on('readable', onReadable);
      stream.on('end', onEnd);
      stream.on('error', onError);
    });
  }

  /** Reads on and throws the rest away (after a cancel: until the error or the end). */
  discard(): void {
    this.stream.removeAllListeners('readable'); // a pending read's: 'data' would not flow with it
    this.stream.on('data', () => undefined);
    this.stream.resume();
  }
}

/** `pending`, unless `out` closes first (then ExportAborted; `pending` is left to settle unobserved). */
function unlessClosed<T>(out: Writable, pending: Promise<T>): Promise<T> {
  pending.catch(() => undefined);
  if (out.destroyed) return Promise.reject(new ExportAborted());
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new ExportAborted());
    out.once('close', onClose);
    pending.then(
      (value) => {
        out.off('close', onClose);
        resolve(value);
      },
      (error: unknown) => {
        out.off('close', onClose);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The result columns' types (a LIMIT 0 run of the report: planned, not executed). */
async function resultTypes(client: pg.PoolClient, table: ReportTable): Promise<ColumnType[]> {
  const described = await client.query({
    text: `SELECT * FROM (${table.sql}) t LIMIT 0`,
    values: table.params as unknown[],
  });
  const oids = new Map(described.fields.map((field) => [field.name, field.dataTypeID]));
  const { rows } = await client.query<{ oid: number; name: string; category: string }>(
    `SELECT oid::int AS oid, typname AS name, typcategory AS category FROM pg_type WHERE oid = ANY ($1::oid[])`,
    [[...new Set(oids.values())]],
  );
  const byOid = new Map(rows.map((row) => [row.oid, row]));
  return table.columns.map((column) => {
    const type = byOid.get(oids.get(column.key) ?? -1);
    if (!type) throw new Error(`Report "${table.name}" has no result column "${column.key}"`);
    return type;
  });
}

/**
 * CSV as Excel opens it: UTF-8 with a BOM (Cyrillic intact), a header row in the table's language written
 * here, then the rows as PostgreSQL's COPY writes them (csv-copy.ts: RFC 4180 quoting, cells generated from
 * the columns) with CRLF record ends. No row becomes a JS object: Node moves bytes. The COPY runs in a
 * read-only transaction with TimeZone UTC (ISO 8601 in UTC) and room to sort (EXPORT_WORK_MEM). Headers are
 * set (`onStart`) once the first data arrived, so a failing query still leaves the response to the caller.
 * A reader that leaves: the query is cancelled, what is in flight read and thrown away, the transaction
 * rolled back and the connection returned in good order (dropped if that does not finish in time).
 */
async function exportCsv(
  pool: pg.Pool,
  table: ReportTable,
  out: Writable,
  options: ExportOptions,
): Promise<ExportResult> {
  const client = await pool.connect();
  let copy: CopyReader | null = null;
  let broken: Error | undefined;
  try {
    await client.query(
      `BEGIN READ ONLY; SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 1;
       SET LOCAL work_mem = '${EXPORT_WORK_MEM}'`,
    );
    const types = await resultTypes(client, table);
    const statement = copyStatement(inlineParams(table.sql, table.params), table.columns, types);
    copy = new CopyReader(client, client.query(copyTo(statement, { highWaterMark: 64 * 1024 })));
    // The first rows may take a while (a sort): a reader that leaves meanwhile stops the query at once.
    let chunk = await unlessClosed(out, copy.read());
    options.onStart?.();
    out.write('\uFEFF' + csvRecord(table.columns.map((column) => column.header[table.locale])));
    const records = new CrlfRecords();
    while (chunk !== null) {
      if (!out.write(records.convert(chunk))) await drained(out);
      chunk = await copy.read();
    }
    const done = finished(out);
    out.end();
    await done;
    await copy.settled;
    await client.query('COMMIT');
    return { rows: copy.stream.rowCount };
  } catch (error) {
    if (!(error instanceof ExportAborted)) {
      // A query error, a cell that is not one, a failed write: the connection is not worth trusting.
      broken = error instanceof Error ? error : new Error(String(error));
    }
    throw error;
  } finally {
    if (broken) client.release(broken);
    else
      await stopCopy(pool, client, copy).then(
        () => client.release(),
        (error: Error) => client.release(error),
      );
  }
}

/** pg's Client.cancel (not in its typings): a CancelRequest for the running query on a new connection. */
interface Canceller {
  connection: { on(event: 'error', listener: () => void): void };
  cancel(client: pg.PoolClient, query: CopyStream): void;
}

function sendCancel(pool: pg.Pool, client: pg.PoolClient, copy: CopyStream): void {
  const canceller = new pg.Client(pool.options) as unknown as Canceller;
  canceller.connection.on('error', () => undefined); // the server closes it after the request
  canceller.cancel(client, copy);
}

/**
 * After the reader left: cancels the COPY if it still runs, reads and discards what is in flight until it
 * ends (57014 query_canceled, or its normal end) and rolls back. Rejects (and the connection is dropped) if
 * that takes longer than CLOSE_TIMEOUT_MS.
 */
async function stopCopy(pool: pg.Pool, client: pg.PoolClient, copy: CopyReader | null): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const settle = async () => {
    if (copy) {
      if (!copy.done) {
        sendCancel(pool, client, copy.stream);
        copy.discard();
      }
      await copy.settled;
    }
    await client.query('ROLLBACK');
  };
  try {
    await Promise.race([
      settle(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('stopping the export query timed out')), CLOSE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
