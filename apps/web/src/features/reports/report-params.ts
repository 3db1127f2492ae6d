/**
 * Pure helpers of the reports pages (no React, no DOM): filters in the URL, links to the people behind a
 * number, export links, sorting, number/date formatting and chart geometry. Unit-tested in
 * tests/web/reports-params.spec.ts.
 */
import {
  REPORT_STATUSES,
  type ExportFormat,
  type Locale,
  type ReportKind,
  type ReportStatus,
} from '@academy/contracts';

/** Dashboard filters kept in the query string (shared by the dashboard, people lists and exports). */
export const FILTER_KEYS = ['courseId', 'unitId', 'from', 'to', 'status', 'source'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isStatus(value: string): value is ReportStatus {
  return (REPORT_STATUSES as readonly string[]).includes(value);
}

/** The filters found in a query string; malformed dates, statuses and sources are dropped, not sent. */
export function readFilters(params: URLSearchParams): Filters {
  const out: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if ((key === 'from' || key === 'to') && !DATE.test(value)) continue;
    if (key === 'status' && !isStatus(value)) continue;
    if (key === 'source' && value !== 'self' && value !== 'assigned') continue;
    out[key] = value;
  }
  return out;
}

/** Only the filters the region reports accept (they refuse unknown parameters). */
export function regionFilters(filters: Filters): Filters {
  const { courseId, unitId, from, to } = filters;
  return compact({ courseId, unitId, from, to });
}

type QueryValue = string | number | undefined | null;

/** A query string ('' or '?a=1&b=2') from the non-empty values, in a stable order (keys as given). */
export function toSearch(values: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** Query-parameter object with the empty values removed (for api() and query keys). */
export function compact<T extends Record<string, QueryValue>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(values) as [keyof T, QueryValue][]) {
    if (value !== undefined && value !== null && value !== '') out[key] = value as T[keyof T];
  }
  return out;
}

/**
 * The people list behind a number: the current filters, overridden by what the number counts (a course,
 * a unit, a status bucket, a source). An override of '' removes the filter.
 */
export function peopleHref(filters: Filters, overrides: Filters = {}): string {
  const merged: Filters = { ...filters, ...overrides };
  const ordered: Record<string, QueryValue> = {};
  for (const key of FILTER_KEYS) ordered[key] = merged[key];
  return `/reports/people${toSearch(ordered)}`;
}

/** The export of a report kind with the same filters: GET /api/reports/<kind>/export?format=… */
export function exportHref(
  kind: ReportKind,
  format: ExportFormat,
  query: Record<string, QueryValue>,
  locale: Locale,
): string {
  const rest: Record<string, QueryValue> = { ...query };
  delete rest.page;
  delete rest.pageSize;
  return `/api/reports/${kind}/export${toSearch({ format, ...rest, locale })}`;
}

// ---------- sorting ----------

export interface SortState {
  key: string;
  desc: boolean;
}

/** `-dueAt` → { key: 'dueAt', desc: true }; '' → the fallback. */
export function parseSort(sort: string | null | undefined, fallback: string): SortState {
  const value = sort?.trim() || fallback;
  return value.startsWith('-') ? { key: value.slice(1), desc: true } : { key: value, desc: false };
}

/** Clicking a column: the same column flips its direction; another column starts ascending. */
export function toggleSort(current: SortState, key: string): string {
  if (current.key === key) return current.desc ? key : `-${key}`;
  return key;
}

/** The aria-sort value of a column header. */
export function ariaSort(current: SortState, key: string): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.desc ? 'descending' : 'ascending';
}

// ---------- formatting ----------

function intlLocale(locale: string): string {
  return locale === 'ru' ? 'ru-RU' : 'en-GB';
}

/** 12345 → "12,345" (en) / "12 345" (ru). */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(value);
}

/** A 0..100 percentage with at most one decimal: 87.5 → "87.5%" / "87,5 %"; null → "—". */
export function formatPct(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(value / 100);
}

/** An ISO instant as a calendar date in the viewer's time zone ("23 Nov 2026"); null → "—". */
export function formatDate(iso: string | null | undefined, locale: string, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone }).format(date);
}

/** An ISO instant with the time ("23 Nov 2026, 14:05"); null → "—". */
export function formatDateTime(iso: string | null | undefined, locale: string, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}

/** A period start (YYYY-MM-DD, UTC) as a short label: "23 Nov" for weeks, "Nov 2026" for months. */
export function formatPeriod(day: string, interval: 'week' | 'month', locale: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(
    intlLocale(locale),
    interval === 'week'
      ? { day: 'numeric', month: 'short', timeZone: 'UTC' }
      : { month: 'short', year: 'numeric', timeZone: 'UTC' },
  ).format(date);
}

// ---------- charts ----------

/** Width of a bar in percent of the track: value ÷ max, clamped to 0..100 (0 when max is 0). */
export function barPct(value: number | null | undefined, max: number): number {
  if (!value || !Number.isFinite(value) || max <= 0) return 0;
  return Math.max(0, Math.min(100, (value / max) * 100));
}

export interface Column {
  /** Height in percent of the plot (0..100). */
  heightPct: number;
  /** Whether this column's period label is printed under the axis (not all fit on a phone). */
  labelled: boolean;
}

/**
 * Columns of a column chart: heights relative to the largest value; at most `maxLabels` labels are printed,
 * evenly spaced, always including the last (most recent) period.
 */
export function columnLayout(values: number[], maxLabels = 6): { columns: Column[]; max: number } {
  const max = Math.max(0, ...values);
  const n = values.length;
  const every = Math.max(1, Math.ceil(n / Math.max(1, maxLabels)));
  const columns = values.map((value, i) => ({
    heightPct: barPct(value, max),
    labelled: (n - 1 - i) % every === 0,
  }));
  return { columns, max };
}

/**
 * Which of the labels printed by columnLayout(values, wide) stay on a phone: every k-th of them, so at most
 * `narrow` remain, always including the last period.
 */
export function phoneLabels(n: number, wide: number, narrow: number): boolean[] {
  const wideEvery = Math.max(1, Math.ceil(n / Math.max(1, wide)));
  const narrowEvery = wideEvery * Math.max(1, Math.ceil(Math.ceil(n / Math.max(1, narrow)) / wideEvery));
  return Array.from({ length: n }, (_, i) => (n - 1 - i) % narrowEvery === 0);
}
