import { ASSIGN_CSV_COLUMN, ASSIGN_CSV_MAX_ROWS } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import { checkCsvRowCount, readCsvFile } from '../common/csv-file.js';

export interface AssignCsvRow {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  email: string;
}

/**
 * Decodes and parses an assignment CSV: a header naming an `email` column (other columns, such as those
 * of an officers import file, are ignored), comma or semicolon separated, UTF-8 with or without BOM.
 * Problems with the file as a whole are thrown with the officers import's CSV_* codes; rows are the caller's.
 */
export function parseAssignCsv(bytes: Buffer): AssignCsvRow[] {
  const { names, rows } = readCsvFile(bytes, { maxRows: ASSIGN_CSV_MAX_ROWS, relaxColumnCount: true });
  const column = names.indexOf(ASSIGN_CSV_COLUMN);
  if (column < 0 || names.filter((name) => name === ASSIGN_CSV_COLUMN).length > 1) {
    throw new AppException('CSV_BAD_HEADER', `The first line must name one column "${ASSIGN_CSV_COLUMN}"`, {
      missing: column < 0 ? [ASSIGN_CSV_COLUMN] : [],
      unexpected: [],
      expected: [ASSIGN_CSV_COLUMN],
    });
  }
  checkCsvRowCount(rows, ASSIGN_CSV_MAX_ROWS);
  return rows.map(({ cells, line }) => ({ line, email: cells[column] ?? '' }));
}
