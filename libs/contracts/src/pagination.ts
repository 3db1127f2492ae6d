export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export const MAX_PAGE_SIZE = 100;
