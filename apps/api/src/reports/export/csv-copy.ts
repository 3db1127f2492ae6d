import pg from 'pg';
import type { ReportColumn } from '../report-table.js';
import { ReportCellError } from './export-cells.js';

/**
 * CSV straight from PostgreSQL: `COPY (SELECT <cells> FROM (<report sql>) t) TO STDOUT WITH (FORMAT csv)`.
 * PostgreSQL formats and quotes every cell (RFC 4180: a field holding a comma, a quote, CR or LF is quoted,
 * quotes doubled); Node only adds the BOM and the header row and turns record ends into CRLF. The select list is
 * generated here from the table's columns (their `type`, the one source of truth, as for XLSX) and the SQL type
 * of each result column, so the cells are those of export-cells.ts:
 * - `text`: formula-like text (= + - @, tab, CR first) gets a leading `'`; an empty string is written as NULL
 *   (an empty unquoted field, not `""`); JSON, arrays and records are refused (ReportCellError) before any byte.
 * - `integer`, `number`, `percent`: the number as PostgreSQL prints it (`numeric` through float8: 87.5, not
 *   87.50); anything that is not a number is refused.
 * - `date`: `YYYY-MM-DD`; `datetime`: `YYYY-MM-DDTHH:MM:SSZ` (UTC: the COPY runs with TimeZone UTC; whole
 *   seconds, truncated like the JS path).
 */

/** `typname` and `typcategory` of a result column's type (pg_type). */
export interface ColumnType {
  name: string;
  category: string;
}

const DATETIME_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;
const DATE_FORMAT = `'YYYY-MM-DD'`;
/** = + - @ tab CR: the first characters that make a spreadsheet read a cell as a formula. */
const FORMULA_CODES = [61, 43, 45, 64, 9, 13].join(', ');
const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'oid']);
const TIMESTAMP_TYPES = new Set(['timestamptz', 'timestamp']);
/** Not a cell: JSON, arrays (A), records (C), pseudo-types (P). */
const STRUCTURED = (type: ColumnType) =>
  type.name === 'json' || type.name === 'jsonb' || ['A', 'C', 'P'].includes(type.category);

export const quoteIdent = (name: string) => pg.escapeIdentifier(name);

/** The SQL expression that writes `column` (SQL type `type`) of the row `t` as its CSV cell. */
export function copyCell(column: ReportColumn, type: ColumnType): string {
  const ref = `t.${quoteIdent(column.key)}`;
  if (STRUCTURED(type)) {
    throw new ReportCellError(column.key, `${type.name} is not a cell value (resolve it in SQL)`);
  }
  switch (column.type) {
    case 'text': {
      const text = type.name === 'text' ? ref : `${ref}::text`;
      return `CASE WHEN ascii(${text}) IN (${FORMULA_CODES}) THEN '''' || ${text} WHEN ${text} = '' THEN NULL ELSE ${text} END`;
    }
    case 'integer':
    case 'number':
    case 'percent':
      if (NUMBER_TYPES.has(type.name)) return ref;
      if (type.name === 'numeric') return `${ref}::float8`;
      throw new ReportCellError(column.key, `${type.name} is not a number`);
    case 'date':
    case 'datetime': {
      const format = column.type === 'date' ? DATE_FORMAT : DATETIME_FORMAT;
      if (TIMESTAMP_TYPES.has(type.name)) return `to_char(${ref}, ${format})`;
      if (type.name === 'date') return `to_char(${ref}::timestamp, ${format})`;
      // Text holding a date or timestamp (e.g. to_char's output): read as a timestamp, in UTC.
      if (type.category === 'S') return `to_char(${ref}::timestamptz, ${format})`;
      throw new ReportCellError(column.key, `${type.name} is not a ${column.type}`);
    }
  }
}

/** The COPY statement for the report `sql` (parameters already inlined), with the cells of `columns`. */
export function copyStatement(sql: string, columns: readonly ReportColumn[], types: ColumnType[]): string {
  const cells = columns.map((column, i) => copyCell(column, types[i]));
  return `COPY (SELECT ${cells.join(',\n       ')}\n  FROM (${sql}) t) TO STDOUT WITH (FORMAT csv)`;
}

/** A parameter as a SQL literal, typed by its context as a bound parameter would be (`'…'::uuid[]`). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`Parameter ${value} is not finite`);
    return `'${String(value)}'`;
  }
  if (typeof value === 'boolean') return value ? `'true'` : `'false'`;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('Parameter is an invalid date');
    return `'${value.toISOString()}'`;
  }
  if (Array.isArray(value)) return pg.escapeLiteral(arrayLiteral(value));
  throw new Error(`Parameter of type ${typeof value} cannot be inlined into COPY`);
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (typeof item === 'string') return `"${item.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    if (typeof item === 'number' || typeof item === 'bigint' || typeof item === 'boolean')
      return String(item);
    throw new Error(`Array parameter element of type ${typeof item} cannot be inlined into COPY`);
  });
  return `{${items.join(',')}}`;
}

/**
 * `sql` with `$1`, `$2`, … replaced by the parameters as literals: COPY takes no bound parameters. Quoted text
 * ('…', "…", E'…' with backslash escapes), dollar-quoted strings and comments are left alone.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    let end = i + 1;
    if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && !/[\w$]/.test(sql[i - 2] ?? ' ');
      end = i + 1;
      while (end < n) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") break;
        else end++;
      }
      end++;
    } else if (ch === '"') {
      end = sql.indexOf('"', i + 1) + 1 || n;
    } else if (ch === '-' && next === '-') {
      end = sql.indexOf('\n', i) + 1 || n;
    } else if (ch === '/' && next === '*') {
      end = sql.indexOf('*/', i + 2) + 2 || n;
    } else if (ch === '$') {
      const param = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64));
      if (param && !/[\w$]/.test(sql[i - 1] ?? ' ')) {
        const index = Number(param[1]) - 1;
        if (index < 0 || index >= params.length) throw new Error(`No value for parameter $${param[1]}`);
        out += sqlLiteral(params[index]);
        i += param[0].length;
        continue;
      }
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        end = close === -1 ? n : close + tag[0].length;
      }
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

const LF = 0x0a;
const QUOTE = 0x22;
const CRLF = Buffer.from('\r\n');

/**
 * COPY ends records with LF; RFC 4180 (and the CSV this exporter always wrote) ends them with CRLF. A record
 * end is an LF outside quotes; an LF inside a quoted cell is the cell's own and stays as it is. Keeps the
 * quote state across chunks (a chunk may end inside a quoted cell).
 */
export class CrlfRecords {
  private quoted = false;

  convert(chunk: Buffer): Buffer {
    const ends: number[] = [];
    const n = chunk.length;
    let pos = 0;
    let nextQuote = -2; // -2: not looked up yet; -1: none left in this chunk
    while (pos < n) {
      if (this.quoted) {
        const close = chunk.indexOf(QUOTE, pos);
        if (close === -1) break;
        this.quoted = false;
        pos = close + 1;
        continue;
      }
      const lf = chunk.indexOf(LF, pos);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
      if (nextQuote !== -1 && (lf === -1 || nextQuote < lf)) {
        this.quoted = true;
        pos = nextQuote + 1;
        continue;
      }
      if (lf === -1) break;
      ends.push(lf);
      pos = lf + 1;
    }
    if (ends.length === 0) return chunk;
    const converted = Buffer.allocUnsafe(n + ends.length);
    let from = 0;
    let to = 0;
    for (const lf of ends) {
      to += chunk.copy(converted, to, from, lf);
      to += CRLF.copy(converted, to);
      from = lf + 1;
    }
    chunk.copy(converted, to, from);
    return converted;
  }
}
