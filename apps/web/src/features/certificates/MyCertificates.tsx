import { LOCALES, type CertificateDto } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Spinner';
import { useErrorMessage } from '../../lib/errors';
import { pdfHref, useMyCertificates } from './api';
import { formatCertificateDate, localizedText } from './format';
import './certificates.css';

interface MyCertificatesProps {
  /** Level of the section heading (default 2); the items use the next level. */
  headingLevel?: 2 | 3;
  /** Show only the certificate of this course. */
  courseId?: string;
}

/**
 * The signed-in user's certificates, each with PDF downloads in English and Russian and a link to its
 * public verification page. Embeddable (My learning, a course page).
 */
export function MyCertificates({ headingLevel = 2, courseId }: MyCertificatesProps) {
  const { t } = useTranslation();
  const certificates = useMyCertificates();
  const errorMessage = useErrorMessage();
  const Heading = `h${headingLevel}` as const;
  const items = certificates.data?.filter((c) => !courseId || c.courseId === courseId) ?? [];

  return (
    <section
      className="my-certificates"
      aria-labelledby="my-certificates-title"
      data-testid="my-certificates"
    >
      <Heading id="my-certificates-title">{t('certificates.mineTitle')}</Heading>
      {certificates.isPending ? (
        <Loading />
      ) : certificates.isError ? (
        <Alert kind="error">{errorMessage(certificates.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="empty">{t('certificates.mineEmpty')}</p>
      ) : (
        <ul className="certificate-list">
          {items.map((certificate) => (
            <CertificateItem key={certificate.id} certificate={certificate} level={headingLevel + 1} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CertificateItem({ certificate, level }: { certificate: CertificateDto; level: number }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage;
  const title = localizedText(certificate.courseTitle, locale);
  const Heading = `h${Math.min(level, 6)}` as 'h3';
  const revoked = certificate.revokedAt !== null;
  const titleId = `certificate-${certificate.id}`;
  return (
    <li className="card certificate-item" data-testid="certificate-item" aria-labelledby={titleId}>
      <div className="certificate-item__head">
        <Heading id={titleId} className="certificate-item__title" lang={title.locale ?? undefined}>
          {title.text}
        </Heading>
        <span className={`badge ${revoked ? 'badge--disabled' : 'badge--active'}`}>
          {revoked ? t('certificates.revoked') : t('certificates.valid')}
        </span>
      </div>
      <p className="muted small">
        {t('certificates.completedOn')}:{' '}
        <time dateTime={certificate.completedAt}>
          {formatCertificateDate(certificate.completedAt, locale)}
        </time>
        {' · '}
        {t('certificates.code')}: <code>{certificate.code}</code>
      </p>
      {revoked && certificate.revokeReason && (
        <p className="small">
          {t('certificates.revokeReason')}: {certificate.revokeReason}
        </p>
      )}
      <div className="actions">
        {!revoked &&
          LOCALES.map((language) => (
            <a
              key={language}
              className="btn btn--small"
              href={pdfHref(certificate, language)}
              download
              data-testid={`certificate-pdf-${language}`}
              aria-label={t('certificates.downloadFor', {
                language: t(`certificates.language_${language}`),
                title: title.text,
              })}
            >
              {t('certificates.download', { language: t(`certificates.language_${language}`) })}
            </a>
          ))}
        <Link
          className="btn btn--small btn--ghost"
          to={`/verify/${certificate.code}`}
          data-testid="certificate-verify"
          aria-label={t('certificates.verifyFor', { title: title.text })}
        >
          {t('certificates.verifyLink')}
        </Link>
      </div>
    </li>
  );
}
