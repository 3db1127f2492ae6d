import { PASSWORD_MIN_LENGTH } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useSetPassword } from './api';

export function SetPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('auth.setTitle'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setPassword = useSetPassword();
  const errorMessage = useErrorMessage();
  const [password, setPasswordValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (password.length < PASSWORD_MIN_LENGTH)
      next.password = t('auth.passwordMinLength', { min: PASSWORD_MIN_LENGTH });
    if (confirm !== password) next.confirm = t('auth.passwordsDiffer');
    setErrors(next);
    if (next.password || next.confirm) return;
    setPassword.mutate({ token, password });
  };
  const fields = fieldErrorsOf(setPassword.error);

  return (
    <section className="page page--auth">
      <div className="card auth-card">
        <h1>{t('auth.setTitle')}</h1>
        {!token ? (
          <Alert kind="error">{t('errors.PASSWORD_TOKEN_INVALID')}</Alert>
        ) : setPassword.isSuccess ? (
          <>
            <Alert kind="success">{t('auth.setDone')}</Alert>
            <p>
              <Link to="/login" className="btn btn--primary">
                {t('auth.signIn')}
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="muted">{t('auth.setIntro', { min: PASSWORD_MIN_LENGTH })}</p>
            <Alert kind="error">{setPassword.isError ? errorMessage(setPassword.error) : null}</Alert>
            <form onSubmit={onSubmit} noValidate className="form">
              <Field
                label={t('auth.newPassword')}
                id="new-password"
                error={errors.password}
                errorCode={fields.password}
                hint={t('auth.passwordHint', { min: PASSWORD_MIN_LENGTH })}
              >
                {(p) => (
                  <input
                    {...p}
                    name="password"
                    type="password"
                    autoComplete="new-password"
                    required
                    minLength={PASSWORD_MIN_LENGTH}
                    value={password}
                    onChange={(e) => setPasswordValue(e.target.value)}
                  />
                )}
              </Field>
              <Field label={t('auth.confirmPassword')} id="confirm-password" error={errors.confirm}>
                {(p) => (
                  <input
                    {...p}
                    name="confirm"
                    type="password"
                    autoComplete="new-password"
                    required
                    value={confirm}
                    onChange={(e) => setConfirm(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" className="btn btn--primary btn--block" disabled={setPassword.isPending}>
                {t('auth.setSubmit')}
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
