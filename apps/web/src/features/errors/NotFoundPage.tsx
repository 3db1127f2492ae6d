import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from '../../lib/useTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  useTitle(t('errorsPage.notFoundTitle'));
  return (
    <section className="page page--narrow">
      <h1>{t('errorsPage.notFoundTitle')}</h1>
      <p>{t('errorsPage.notFoundText')}</p>
      <p>
        <Link to="/" className="btn btn--primary">
          {t('errorsPage.backHome')}
        </Link>
      </p>
    </section>
  );
}
