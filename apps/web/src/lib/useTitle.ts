import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title to "<page> — Customs Academy" in the current language. */
export function useTitle(page: string): void {
  const { t } = useTranslation();
  const app = t('common.appName');
  useEffect(() => {
    document.title = page ? `${page} — ${app}` : app;
  }, [page, app]);
}
