import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { EXPORT_FORMATS, type ExportFormat } from '@academy/contracts';
import type { ReportTable } from '../report-table.js';
import { csvCells, csvRecord, XLSX_NUMBER_FORMATS, xlsxCells } from './export-cells.js';

export { EXPORT_FORMATS, type ExportFormat };

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows per cursor fetch: large enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH_ROWS = 2000;

/** Characters per CSV write. */
const CSV_CHUNK_CHARS = 16 * 1024;

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
 * CSV as Excel opens it: UTF-8 with a BOM (Cyrillic intact), RFC 4180 quoting, CRLF line ends, a header
 * row in the table's language. Each batch is stringified at once and written as one chunk.
 */
function csvSink(table: ReportTable, out: Writable): Sink {
  out.write('\uFEFF' + csvRecord(table.columns.map((column) => column.header[table.locale])));
  return {
    write(rows) {
      // Written in pieces of ~16 kB: small strings die young in V8's new space; a whole batch as one
      // string (≈0.5 MB) lands in large-object space and stays there until a full GC, which swells RSS.
      let chunk = '';
      for (let i = 0; i < rows.length; i++) {
        chunk += csvRecord(csvCells(table.columns, rows[i]));
        if (chunk.length >= CSV_CHUNK_CHARS) {
          out.write(chunk);
          chunk = '';
        }
      }
      if (chunk) out.write(chunk);
    },
    async end() {
      const done = finished(out);
      out.end();
      await done;
    },
  };
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
 * Streams every row of `table` into `out` as CSV or XLSX. The SQL runs through a server-side cursor on a
 * dedicated connection from `pool`, `batchRows` at a time, the next batch fetched while the current one is
 * written; the next write waits for `out` to drain, so memory stays flat whatever the size. The connection
 * goes back to the pool in every path: at the end, when `out` closes early (the reader disconnected:
 * rejects with ExportAborted after the cursor is closed) and on errors (then the connection is dropped).
 */
export async function exportReportTable(
  pool: pg.Pool,
  table: ReportTable,
  format: ExportFormat,
  out: Writable,
  options: ExportOptions = {},
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
    const sink = format === 'csv' ? csvSink(table, out) : xlsxSink(table, out);
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
