import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { NotFoundPage } from './NotFoundPage';

/**
 * errorElement: a friendly page with a way back. Inside the layout it renders in <main>; as the root's
 * errorElement (`standalone`) it replaces the layout and brings its own landmark.
 */
export function RouteErrorBoundary({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  const { t } = useTranslation();
  if (import.meta.env.DEV) console.error(error);
  const content =
    isRouteErrorResponse(error) && error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <section className="page page--narrow">
        <h1>{t('errorsPage.title')}</h1>
        <p>{t('errorsPage.text')}</p>
        <p className="actions">
          <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
            {t('errorsPage.reload')}
          </button>
          <a href="/" className="btn">
            {t('errorsPage.backHome')}
          </a>
        </p>
      </section>
    );
  if (!standalone) return content;
  return (
    <main id="main" className="main">
      {content}
    </main>
  );
}
