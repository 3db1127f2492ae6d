import { CSV_IMPORT_COLUMNS, CSV_IMPORT_MAX_ROWS } from '@academy/contracts';
import { parse } from 'csv-parse/sync';
import { AppException } from '../common/app.exception.js';

export interface OfficerCsvRow {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  email: string;
  name: string;
  locale: string;
  unitCode: string;
}

/**
 * Decodes and parses an officers CSV (email, name, locale, unit_code; comma or semicolon separated, UTF-8
 * with or without BOM). Problems with the file as a whole are thrown; problems with rows are the caller's.
 */
export function parseOfficerCsv(bytes: Buffer): OfficerCsvRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppException('CSV_BAD_ENCODING', 'The file is not UTF-8 text; save it as "CSV UTF-8"');
  }
  if (text.includes('\u0000')) throw new AppException('CSV_BAD_ENCODING', 'The file is not a text file');
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new AppException('CSV_EMPTY', 'The file is empty');

  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
      bom: true,
      // Stops early on absurd files instead of building a huge array.
      to_line: CSV_IMPORT_MAX_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const { lines, code } = error as { lines?: number; code?: string };
    throw new AppException('CSV_MALFORMED', 'The file is not well-formed CSV', {
      line: lines ?? null,
      reason: code,
    });
  }
  const [header, ...rows] = records;
  const names = header.record.map((cell) => cell.trim().toLowerCase().replace(/\s+/g, '_'));
  const missing = CSV_IMPORT_COLUMNS.filter((column) => !names.includes(column));
  const unexpected = names.filter((name) => !(CSV_IMPORT_COLUMNS as readonly string[]).includes(name));
  if (missing.length || unexpected.length || new Set(names).size !== names.length) {
    throw new AppException(
      'CSV_BAD_HEADER',
      `The first line must name the columns ${CSV_IMPORT_COLUMNS.join(', ')}`,
      {
        missing,
        unexpected,
        expected: CSV_IMPORT_COLUMNS,
      },
    );
  }
  if (rows.length === 0) throw new AppException('CSV_EMPTY', 'The file has a header but no officers');
  if (rows.length > CSV_IMPORT_MAX_ROWS) {
    throw new AppException('CSV_TOO_MANY_ROWS', `At most ${CSV_IMPORT_MAX_ROWS} officers per file`, {
      max: CSV_IMPORT_MAX_ROWS,
    });
  }
  const index = Object.fromEntries(CSV_IMPORT_COLUMNS.map((column) => [column, names.indexOf(column)]));
  return rows.map(({ record: cells, info }) => ({
    line: info.lines,
    email: cells[index.email] ?? '',
    name: cells[index.name] ?? '',
    locale: (cells[index.locale] ?? '').toLowerCase(),
    unitCode: (cells[index.unit_code] ?? '').toUpperCase(),
  }));
}
