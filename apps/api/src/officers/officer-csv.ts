import { CSV_IMPORT_COLUMNS, CSV_IMPORT_MAX_ROWS } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import { checkCsvRowCount, readCsvFile } from '../common/csv-file.js';

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
  const { names, rows } = readCsvFile(bytes, { maxRows: CSV_IMPORT_MAX_ROWS, relaxColumnCount: false });
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
  checkCsvRowCount(rows, CSV_IMPORT_MAX_ROWS);
  const index = Object.fromEntries(CSV_IMPORT_COLUMNS.map((column) => [column, names.indexOf(column)]));
  return rows.map(({ cells, line }) => ({
    line,
    email: cells[index.email] ?? '',
    name: cells[index.name] ?? '',
    locale: (cells[index.locale] ?? '').toLowerCase(),
    unitCode: (cells[index.unit_code] ?? '').toUpperCase(),
  }));
}
