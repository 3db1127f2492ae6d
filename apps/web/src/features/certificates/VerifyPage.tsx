import { REVOKE_REASON_MAX, REVOKE_REASON_MIN, type CertificateVerificationDto } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Spinner';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useMe } from '../auth/api';
import { useCertificateSearch, useRevokeCertificate, useVerifyCertificate } from './api';
import { formatCertificateDate, localizedText } from './format';
import './certificates.css';

/**
 * /verify/:code, public: anyone holding a certificate's code (or its QR code) checks what it certifies
 * and whether it is still valid. Administrators can revoke it here, with a reason.
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  useTitle(t('certificates.verifyTitle'));
  const verification = useVerifyCertificate(code);
  const errorMessage = useErrorMessage();
  const { data: me } = useMe();
  const isAdmin = Boolean(me?.roles.includes('admin'));

  return (
    <section className="page page--narrow verify" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('certificates.verifyTitle')}</h1>
      <p className="lead">{t('certificates.verifyIntro')}</p>
      <div aria-live="polite" aria-busy={verification.isPending}>
        {verification.isPending ? (
          <Loading label={t('certificates.checking')} />
        ) : verification.isError ? (
          <Alert kind="error">{errorMessage(verification.error)}</Alert>
        ) : verification.data ? (
          <VerificationResult certificate={verification.data} />
        ) : (
          <NotFound code={code} />
        )}
      </div>
      {isAdmin && verification.data?.valid && <RevokePanel code={verification.data.code} />}
      <CheckAnother current={code} />
    </section>
  );
}

function VerificationResult({ certificate }: { certificate: CertificateVerificationDto }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage;
  const issuer = localizedText(certificate.issuer, locale);
  return (
    <article
      className={`card verify-result ${certificate.valid ? 'verify-result--valid' : 'verify-result--revoked'}`}
      data-testid="verify-result"
      data-valid={certificate.valid}
      aria-labelledby="verify-status"
    >
      <h2 id="verify-status" className="verify-result__status" data-testid="verify-status">
        <span className="verify-result__icon" aria-hidden="true">
          {certificate.valid ? '✓' : '✕'}
        </span>
        {certificate.valid ? t('certificates.valid') : t('certificates.revoked')}
      </h2>
      <p className="verify-result__summary">
        {certificate.valid ? t('certificates.validText') : t('certificates.revokedText')}
      </p>
      {!certificate.valid && (
        <dl className="facts verify-result__revocation">
          {certificate.revokedAt && (
            <div>
              <dt>{t('certificates.revokedOn')}</dt>
              <dd>{formatCertificateDate(certificate.revokedAt, locale)}</dd>
            </div>
          )}
          {certificate.revokeReason && (
            <div>
              <dt>{t('certificates.revokeReason')}</dt>
              <dd data-testid="verify-revoke-reason">{certificate.revokeReason}</dd>
            </div>
          )}
        </dl>
      )}
      <dl className="facts">
        <div>
          <dt>{t('certificates.holder')}</dt>
          <dd className="verify-result__holder" data-testid="verify-holder">
            {certificate.holderName}
          </dd>
        </div>
        {certificate.courseTitle.en && (
          <div>
            <dt>{t('certificates.courseEn')}</dt>
            <dd lang="en" data-testid="verify-course-en">
              {certificate.courseTitle.en}
            </dd>
          </div>
        )}
        {certificate.courseTitle.ru && (
          <div>
            <dt>{t('certificates.courseRu')}</dt>
            <dd lang="ru" data-testid="verify-course-ru">
              {certificate.courseTitle.ru}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('certificates.completedOn')}</dt>
          <dd data-testid="verify-date">
            <time dateTime={certificate.completedAt}>
              {formatCertificateDate(certificate.completedAt, locale)}
            </time>
          </dd>
        </div>
        <div>
          <dt>{t('certificates.issuer')}</dt>
          <dd lang={issuer.locale ?? undefined}>{issuer.text}</dd>
        </div>
        <div>
          <dt>{t('certificates.code')}</dt>
          <dd>
            <code className="verify-result__code">{certificate.code}</code>
          </dd>
        </div>
      </dl>
    </article>
  );
}

function NotFound({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <div className="card verify-result verify-result--missing" data-testid="verify-not-found">
      <h2 className="verify-result__status">{t('certificates.notFound')}</h2>
      <p>{t('certificates.notFoundText', { code })}</p>
    </div>
  );
}

/** A small form to check another code; goes to its /verify page. */
function CheckAnother({ current }: { current: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const code = value.trim().toUpperCase().replace(/\s+/g, '');
    if (!code) {
      setError(t('certificates.codeRequired'));
      return;
    }
    setError(undefined);
    setValue('');
    if (code !== current) void navigate(`/verify/${encodeURIComponent(code)}`);
  };
  return (
    <form
      className="card form verify-another"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="verify-another"
    >
      <h2 id="verify-another">{t('certificates.checkAnother')}</h2>
      <div className="form--inline">
        <Field label={t('certificates.codeLabel')} hint={t('certificates.codeHint')} error={error}>
          {(p) => (
            <input
              {...p}
              name="code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder="CA-XXXXXXXXXX"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              data-testid="verify-code-input"
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary" data-testid="verify-code-submit">
          {t('certificates.check')}
        </button>
      </div>
    </form>
  );
}

/** Administrators: revoke with a reason, after a confirmation step. */
function RevokePanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const found = useCertificateSearch(code, true);
  const revoke = useRevokeCertificate();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [clientError, setClientError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const certificate = found.data?.items.find((item) => item.code === code);
  const fields = fieldErrorsOf(revoke.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < REVOKE_REASON_MIN || trimmed.length > REVOKE_REASON_MAX) {
      setClientError(t('certificates.reasonLength', { min: REVOKE_REASON_MIN, max: REVOKE_REASON_MAX }));
      return;
    }
    setClientError(undefined);
    setConfirming(true);
  };
  const onConfirm = () => {
    if (!certificate) return;
    revoke.mutate({ id: certificate.id, reason: reason.trim() }, { onSettled: () => setConfirming(false) });
  };

  return (
    <section className="card verify-revoke" aria-labelledby="verify-revoke-title">
      <h2 id="verify-revoke-title">{t('certificates.revokeTitle')}</h2>
      <p className="muted">{t('certificates.revokeIntro')}</p>
      <Alert kind="error">
        {revoke.isError && !fields.reason
          ? errorMessage(revoke.error)
          : found.isError
            ? errorMessage(found.error)
            : null}
      </Alert>
      {confirming ? (
        <div className="verify-revoke__confirm" role="group" aria-labelledby="verify-revoke-question">
          <p id="verify-revoke-question">
            <strong>{t('certificates.revokeConfirm', { code })}</strong>
          </p>
          <p className="muted">
            {t('certificates.revokeReason')}: {reason.trim()}
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn btn--danger"
              onClick={onConfirm}
              disabled={revoke.isPending || !certificate}
              data-testid="revoke-confirm"
              autoFocus
            >
              {t('certificates.revokeConfirmButton')}
            </button>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => setConfirming(false)}
              disabled={revoke.isPending}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <Field
            label={t('certificates.revokeReason')}
            hint={t('certificates.reasonLength', { min: REVOKE_REASON_MIN, max: REVOKE_REASON_MAX })}
            error={clientError}
            errorCode={fields.reason}
          >
            {(p) => (
              <textarea
                {...p}
                name="reason"
                rows={3}
                maxLength={REVOKE_REASON_MAX}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="revoke-reason"
              />
            )}
          </Field>
          <button
            type="submit"
            className="btn btn--danger"
            disabled={found.isPending || !certificate}
            data-testid="revoke-submit"
          >
            {t('certificates.revoke')}
          </button>
        </form>
      )}
    </section>
  );
}
