import pg from 'pg';
import type { ReportColumn, ReportColumnType } from '../report-table.js';

/**
 * How one report value becomes one cell. XLSX applies these rules here, row by row; CSV gets the same cells from
 * PostgreSQL (csv-copy.ts generates the COPY's select list from the same column types):
 * - `text`: the string as is; a value that starts with = + - @ or a tab/CR is a formula to a spreadsheet
 *   (OWASP "CSV injection": officers' names arrive through CSV imports), so CSV gets a leading `'`
 *   and XLSX writes it as a plain string cell (never a formula).
 * - `integer`, `number`, `percent`: numbers (PostgreSQL's bigint and numeric arrive as strings and are
 *   converted); a percent is the number itself (87.5), the header says "%".
 * - `date`: ISO 8601 `YYYY-MM-DD`; `datetime`: ISO 8601 in UTC, `YYYY-MM-DDTHH:MM:SSZ` (whole seconds).
 * - null → empty cell. An object or array (JSON) in a cell is a bug in the report's SQL: refused.
 */
export class ReportCellError extends Error {
  constructor(column: string, detail: string) {
    super(`Report column "${column}": ${detail}`);
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters XML 1.0 cannot carry (XLSX would not open); everything else is kept. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

function refuseStructured(column: ReportColumn, value: unknown): void {
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    throw new ReportCellError(
      column.key,
      `${Array.isArray(value) ? 'an array' : 'an object'} is not a cell value (resolve it in SQL)`,
    );
  }
}

function toNumber(column: ReportColumn, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  refuseStructured(column, value);
  throw new ReportCellError(column.key, `${JSON.stringify(value)} is not a number`);
}

const FRACTION = /^\.\d+/;
const parsePgTimestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/**
 * A timestamp as PostgreSQL sends it (EXPORT_TYPES keeps timestamps as text: parsing a million Dates is a
 * large share of an export's CPU). In UTC sessions (`…+00`, or no offset for `timestamp`) the ISO form is
 * a rearrangement of the text; any other offset goes through pg's own parser.
 */
function pgTimestampIso(column: ReportColumn, text: string): string {
  const pgText = text.length >= 19 && text.charCodeAt(10) === 32; // `YYYY-MM-DD HH:MM:SS…`
  if (pgText) {
    const zone = text.slice(19).replace(FRACTION, '');
    if (zone === '' || zone === '+00') return `${text.slice(0, 10)}T${text.slice(11, 19)}Z`;
  }
  const date = pgText ? parsePgTimestamp(text) : new Date(text);
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new ReportCellError(column.key, `${JSON.stringify(text)} is not a timestamp`);
  }
  return isoDateTime(date);
}

/** `YYYY-MM-DD`: a PostgreSQL `date` arrives as that text (see EXPORT_TYPES); a timestamp gives its UTC day. */
function toIsoDate(column: ReportColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoDateTime(value).slice(0, 10);
  if (typeof value === 'string') {
    if (value.length === 10 && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    return pgTimestampIso(column, value).slice(0, 10);
  }
  refuseStructured(column, value);
  throw new ReportCellError(column.key, `${JSON.stringify(value)} is not a date`);
}

/** ISO 8601 in UTC, whole seconds: `YYYY-MM-DDTHH:MM:SSZ`. */
function toIsoDateTime(column: ReportColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoDateTime(value);
  if (typeof value === 'string') return pgTimestampIso(column, value);
  refuseStructured(column, value);
  throw new ReportCellError(column.key, `${JSON.stringify(value)} is not a timestamp`);
}

export function isoDateTime(date: Date): string {
  // toISOString is `YYYY-MM-DDTHH:MM:SS.sssZ`; reports show whole seconds.
  return date.toISOString().slice(0, 19) + 'Z';
}

function toText(column: ReportColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) return isoDateTime(value);
  refuseStructured(column, value);
  throw new ReportCellError(column.key, `unsupported value ${String(value)}`);
}

export type CsvCell = string | number | null;

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/**
 * One CSV record per RFC 4180 (the header row; the rows come from COPY): fields holding a comma, a double quote,
 * CR or LF are enclosed in double quotes with inner quotes doubled; records end with CRLF.
 */
export function csvRecord(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ',';
    if (cell === null) continue;
    if (typeof cell === 'number') line += String(cell);
    else line += NEEDS_QUOTES.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell;
  }
  return line + '\r\n';
}

export type XlsxCell = string | number | Date | null;

/**
 * XLSX: text as a string cell (exceljs never turns a string into a formula; invalid XML characters are
 * dropped), numbers as numbers, dates and timestamps as real Excel dates shown with an ISO 8601 number
 * format (XLSX_NUMBER_FORMATS), so they sort and filter as dates in a spreadsheet and read as ISO 8601.
 */
export function xlsxCells(columns: readonly ReportColumn[], row: Record<string, unknown>): XlsxCell[] {
  const cells = new Array<XlsxCell>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    cells[i] = xlsxCell(column, row[column.key]);
  }
  return cells;
}

export function xlsxCell(column: ReportColumn, value: unknown): XlsxCell {
  switch (column.type) {
    case 'text': {
      const text = toText(column, value);
      return text === null ? null : text.replace(XML_INVALID, '');
    }
    case 'integer':
    case 'number':
    case 'percent':
      return toNumber(column, value);
    case 'date': {
      const day = toIsoDate(column, value);
      return day === null ? null : new Date(`${day}T00:00:00Z`);
    }
    case 'datetime': {
      const iso = toIsoDateTime(column, value);
      return iso === null ? null : new Date(iso);
    }
  }
}

/** Excel number formats per column type (the dates read as ISO 8601; the serial itself is UTC). */
export const XLSX_NUMBER_FORMATS: Partial<Record<ReportColumnType, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd"T"hh:mm:ss"Z"',
};

/** `<name>-<yyyy-mm-dd>.<ext>`, the stem reduced to safe ASCII (it is a header value and a file name). */
export function exportFileName(name: string, day: Date, extension: string): string {
  const stem =
    name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'report';
  return `${stem}-${day.toISOString().slice(0, 10)}.${extension}`;
}
