import { ASSIGN_CSV_COLUMN, ASSIGN_CSV_MAX_ROWS } from '@academy/contracts';
import { parse } from 'csv-parse/sync';
import { AppException } from '../common/app.exception.js';

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
      relax_column_count: true,
      trim: true,
      bom: true,
      to_line: ASSIGN_CSV_MAX_ROWS + 2,
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
  const column = names.indexOf(ASSIGN_CSV_COLUMN);
  if (column < 0 || names.filter((name) => name === ASSIGN_CSV_COLUMN).length > 1) {
    throw new AppException('CSV_BAD_HEADER', `The first line must name one column "${ASSIGN_CSV_COLUMN}"`, {
      missing: column < 0 ? [ASSIGN_CSV_COLUMN] : [],
      unexpected: [],
      expected: [ASSIGN_CSV_COLUMN],
    });
  }
  if (rows.length === 0) throw new AppException('CSV_EMPTY', 'The file has a header but no officers');
  if (rows.length > ASSIGN_CSV_MAX_ROWS) {
    throw new AppException('CSV_TOO_MANY_ROWS', `At most ${ASSIGN_CSV_MAX_ROWS} officers per file`, {
      max: ASSIGN_CSV_MAX_ROWS,
    });
  }
  return rows.map(({ record, info }) => ({ line: info.lines, email: record[column] ?? '' }));
}
