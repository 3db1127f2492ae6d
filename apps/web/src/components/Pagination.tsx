import { useTranslation } from 'react-i18next';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  /** Distinguishes several paginations on one page for screen readers. */
  label: string;
}

export function Pagination({ page, pageSize, total, onChange, label }: PaginationProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="btn" disabled={page <= 1} onClick={() => onChange(page - 1)}>
        <span aria-hidden="true">← </span>
        {t('common.previous')}
      </button>
      <span className="pagination__info" aria-live="polite">
        {t('common.pageOf', { page, pages })}
      </span>
      <button type="button" className="btn" disabled={page >= pages} onClick={() => onChange(page + 1)}>
        {t('common.next')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
