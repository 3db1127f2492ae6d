import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { rememberLocale } from '../../i18n';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useLogin, useMe } from './api';
import { safeNext } from './guards';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('auth.loginTitle'));
  const { data: me } = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const login = useLogin();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (me && !login.isPending && !login.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: async (user) => {
          rememberLocale(user.locale);
          await i18n.changeLanguage(user.locale);
          await navigate(next, { replace: true });
        },
      },
    );
  };
  const fields = fieldErrorsOf(login.error);

  return (
    <section className="page page--auth">
      <div className="card auth-card">
        <h1>{t('auth.loginTitle')}</h1>
        <p className="muted">{t('auth.loginIntro')}</p>
        <Alert kind="error">{login.isError ? errorMessage(login.error) : null}</Alert>
        <form onSubmit={onSubmit} noValidate className="form">
          <Field label={t('auth.email')} id="email" errorCode={fields.email}>
            {(p) => (
              <input
                {...p}
                name="email"
                type="email"
                autoComplete="username"
                inputMode="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('auth.password')} id="password" errorCode={fields.password}>
            {(p) => (
              <input
                {...p}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button
            type="submit"
            className="btn btn--primary btn--block"
            disabled={login.isPending}
            data-testid="login-submit"
          >
            {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </form>
        <p className="auth-card__footer">
          <Link to="/forgot-password" data-testid="forgot-password-link">
            {t('auth.forgotLink')}
          </Link>
        </p>
      </div>
    </section>
  );
}
