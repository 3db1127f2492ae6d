/** Reports endpoints (libs/contracts/src/reports.ts): one TanStack Query hook per endpoint, with its keys. */
import type {
  CourseReportDto,
  LearnerReportDto,
  Locale,
  PeopleReportDto,
  RegionCompletionsDto,
  RegionCourseRowDto,
  RegionInterval,
  RegionLanguagesDto,
  RegionReportDto,
  ReportFiltersDto,
  UnitReportDto,
  WeeklyCompletionsDto,
  Page,
} from '@academy/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { compact, regionFilters, type Filters } from './report-params';

type Query = Record<string, string | number | undefined>;

export const reportKeys = {
  all: ['reports'] as const,
  report: (path: string, query: Query) => [...reportKeys.all, path, query] as const,
};

/** A GET under /api/reports with its query; the previous data stays on screen while filters change. */
function reportQuery<T>(path: string, query: Query) {
  const params = compact(query);
  return queryOptions({
    queryKey: reportKeys.report(path, params),
    queryFn: ({ signal }) => api<T>(`/api/reports${path}`, { query: params, signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** GET /api/reports/filters: courses and units in the caller's scope. */
export function useReportFilters(locale: Locale) {
  return useQuery({ ...reportQuery<ReportFiltersDto>('/filters', { locale }), staleTime: 5 * 60_000 });
}

/** GET /api/reports/courses */
export function useCourseReport(filters: Filters, locale: Locale) {
  return useQuery(reportQuery<CourseReportDto>('/courses', { ...filters, locale }));
}

/** GET /api/reports/units */
export function useUnitReport(filters: Filters, locale: Locale) {
  return useQuery(reportQuery<UnitReportDto>('/units', { ...filters, locale }));
}

/** GET /api/reports/completions-weekly */
export function useWeeklyCompletions(filters: Filters, locale: Locale) {
  return useQuery(reportQuery<WeeklyCompletionsDto>('/completions-weekly', { ...filters, locale }));
}

export interface PeopleParams extends Filters {
  q?: string;
  sort?: string;
  page: number;
  pageSize: number;
}

/** GET /api/reports/people or /api/reports/overdue */
export function usePeopleReport(kind: 'people' | 'overdue', params: PeopleParams, locale: Locale) {
  return useQuery(reportQuery<PeopleReportDto>(`/${kind}`, { ...params, locale }));
}

/** GET /api/reports/learners/:userId */
export function useLearnerReport(userId: string, locale: Locale) {
  return useQuery({
    ...reportQuery<LearnerReportDto>(`/learners/${encodeURIComponent(userId)}`, { locale }),
    placeholderData: undefined,
  });
}

/** GET /api/reports/region */
export function useRegionReport(filters: Filters, locale: Locale) {
  return useQuery(reportQuery<RegionReportDto>('/region', { ...regionFilters(filters), locale }));
}

/** GET /api/reports/region/completions */
export function useRegionCompletions(filters: Filters, interval: RegionInterval, locale: Locale) {
  return useQuery(
    reportQuery<RegionCompletionsDto>('/region/completions', { ...regionFilters(filters), interval, locale }),
  );
}

/** GET /api/reports/region/courses (one page, sorted) */
export function useRegionCourses(filters: Filters, sort: string, pageSize: number, locale: Locale) {
  return useQuery(
    reportQuery<Page<RegionCourseRowDto>>('/region/courses', {
      ...regionFilters(filters),
      sort,
      page: 1,
      pageSize,
      locale,
    }),
  );
}

/** GET /api/reports/region/languages */
export function useRegionLanguages(filters: Filters, locale: Locale) {
  return useQuery(
    reportQuery<RegionLanguagesDto>('/region/languages', { ...regionFilters(filters), locale }),
  );
}
