import type { Locale } from '@academy/contracts';

/** How a column's values are written in exports (dates as ISO 8601, numbers as numbers, never JSON). */
export type ReportColumnType = 'text' | 'integer' | 'number' | 'percent' | 'date' | 'datetime';

export interface ReportColumn {
  /** The SQL result column this reads (snake_case as selected). */
  key: string;
  header: Record<Locale, string>;
  type: ReportColumnType;
}

/**
 * One report table as a query: the JSON endpoints page through it, the exporter streams all of it from
 * a cursor (CSV or XLSX), so both always show the same rows. `sql` must already be scoped to the caller
 * (built by the reports service from the caller's scope and filters) and must have a deterministic
 * ORDER BY. Course titles and other localised text must be resolved in SQL for `locale`.
 */
export interface ReportTable {
  /** File name stem for exports, e.g. `courses` → courses-2026-11-23.csv. */
  name: string;
  locale: Locale;
  columns: ReportColumn[];
  sql: string;
  params: unknown[];
}
