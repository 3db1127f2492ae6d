import { parse } from 'csv-parse/sync';
import { AppException } from './app.exception.js';

export interface CsvRecord {
  /** The row's cells, trimmed. */
  cells: string[];
  /** 1-based line in the file where the row ends; the header is line 1. */
  line: number;
}

export interface CsvFile {
  /** Header cells, lower-cased, with runs of spaces turned into `_` ("Unit code" → unit_code). */
  names: string[];
  rows: CsvRecord[];
}

/**
 * Decodes and parses an uploaded CSV file of officers: UTF-8 with or without BOM, comma or semicolon
 * separated (whichever the header uses more), empty lines skipped. Problems with the file as a whole are
 * thrown with CSV_* codes (encoding, empty, malformed, too many rows); the header's columns and the rows
 * are the caller's to check. Parsing stops after `maxRows` + 1 data rows, so an absurd file is not read
 * whole.
 */
export function readCsvFile(bytes: Buffer, options: { maxRows: number; relaxColumnCount: boolean }): CsvFile {
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
      relax_column_count: options.relaxColumnCount,
      trim: true,
      bom: true,
      to_line: options.maxRows + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const { lines, code } = error as { lines?: number; code?: string };
    throw new AppException('CSV_MALFORMED', 'The file is not well-formed CSV', {
      line: lines ?? null,
      reason: code,
    });
  }
  const [header, ...rows] = records;
  return {
    names: header.record.map((cell) => cell.trim().toLowerCase().replace(/\s+/g, '_')),
    rows: rows.map(({ record, info }) => ({ cells: record, line: info.lines })),
  };
}

/** Refuses a file with a header but no rows, or more rows than allowed. */
export function checkCsvRowCount(rows: CsvRecord[], maxRows: number): void {
  if (rows.length === 0) throw new AppException('CSV_EMPTY', 'The file has a header but no officers');
  if (rows.length > maxRows) {
    throw new AppException('CSV_TOO_MANY_ROWS', `At most ${maxRows} officers per file`, { max: maxRows });
  }
}
