import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useForgotPassword } from './api';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('auth.forgotTitle'));
  const forgot = useForgotPassword();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [clientError, setClientError] = useState<string>();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    if (!/^\S+@\S+\.\S+$/.test(value)) {
      setClientError(t('errors.INVALID_EMAIL'));
      return;
    }
    setClientError(undefined);
    forgot.mutate({ email: value });
  };
  const fields = fieldErrorsOf(forgot.error);

  return (
    <section className="page page--auth">
      <div className="card auth-card">
        <h1>{t('auth.forgotTitle')}</h1>
        <Alert kind="success">{forgot.isSuccess ? t('auth.forgotSent') : null}</Alert>
        <Alert kind="error">{forgot.isError && !fields.email ? errorMessage(forgot.error) : null}</Alert>
        {!forgot.isSuccess && (
          <>
            <p className="muted">{t('auth.forgotIntro')}</p>
            <form onSubmit={onSubmit} noValidate className="form">
              <Field label={t('auth.email')} id="email" error={clientError} errorCode={fields.email}>
                {(p) => (
                  <input
                    {...p}
                    name="email"
                    type="email"
                    autoComplete="email"
                    inputMode="email"
                    required
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" className="btn btn--primary btn--block" disabled={forgot.isPending}>
                {t('auth.forgotSubmit')}
              </button>
            </form>
          </>
        )}
        <p className="auth-card__footer">
          <Link to="/login">{t('auth.backToLogin')}</Link>
        </p>
      </div>
    </section>
  );
}
