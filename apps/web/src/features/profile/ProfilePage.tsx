import { LOCALES, PASSWORD_MIN_LENGTH, type Locale, type MeResponse } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { rememberLocale } from '../../i18n';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useChangePassword, useMe, useUpdateProfile } from '../auth/api';

export function ProfilePage() {
  const { t } = useTranslation();
  useTitle(t('profile.title'));
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <section className="page page--narrow">
      <h1>{t('profile.title')}</h1>
      <dl className="facts">
        <div>
          <dt>{t('profile.email')}</dt>
          <dd>{me.email}</dd>
        </div>
        <div>
          <dt>{t('profile.roles')}</dt>
          <dd>{me.roles.map((r) => t(`roles.${r}`)).join(', ') || '—'}</dd>
        </div>
      </dl>
      <ProfileForm me={me} key={`${me.id}-${me.displayName}-${me.locale}`} />
      <PasswordForm />
    </section>
  );
}

function ProfileForm({ me }: { me: MeResponse }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateProfile();
  const errorMessage = useErrorMessage();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const [clientError, setClientError] = useState<string>();
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!displayName.trim()) {
      setClientError(t('errors.REQUIRED'));
      return;
    }
    setClientError(undefined);
    update.mutate(
      { displayName: displayName.trim(), locale },
      {
        onSuccess: (updated) => {
          rememberLocale(updated.locale);
          void i18n.changeLanguage(updated.locale);
          setSaved(true);
        },
      },
    );
  };
  const fields = fieldErrorsOf(update.error);

  return (
    <section className="card" aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details')}</h2>
      <Alert kind="success">{saved ? t('profile.saved') : null}</Alert>
      <Alert kind="error">{update.isError ? errorMessage(update.error) : null}</Alert>
      <form onSubmit={onSubmit} noValidate className="form">
        <Field label={t('profile.displayName')} error={clientError} errorCode={fields.displayName}>
          {(p) => (
            <input
              {...p}
              name="displayName"
              autoComplete="name"
              required
              maxLength={200}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('profile.language')} errorCode={fields.locale} hint={t('profile.languageHint')}>
          {(p) => (
            <select {...p} name="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={update.isPending}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = t('errors.REQUIRED');
    if (next.length < PASSWORD_MIN_LENGTH)
      found.next = t('auth.passwordMinLength', { min: PASSWORD_MIN_LENGTH });
    if (confirm !== next) found.confirm = t('auth.passwordsDiffer');
    setErrors(found);
    if (Object.keys(found).length) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
        },
      },
    );
  };
  const fields = fieldErrorsOf(change.error);

  return (
    <section className="card" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.changePassword')}</h2>
      <Alert kind="success">{change.isSuccess ? t('profile.passwordChanged') : null}</Alert>
      <Alert kind="error">{change.isError ? errorMessage(change.error) : null}</Alert>
      <form onSubmit={onSubmit} noValidate className="form">
        <Field label={t('profile.currentPassword')} error={errors.current} errorCode={fields.currentPassword}>
          {(p) => (
            <input
              {...p}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('auth.newPassword')}
          error={errors.next}
          errorCode={fields.newPassword}
          hint={t('auth.passwordHint', { min: PASSWORD_MIN_LENGTH })}
        >
          {(p) => (
            <input
              {...p}
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('auth.confirmPassword')} error={errors.confirm}>
          {(p) => (
            <input
              {...p}
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={change.isPending}>
          {t('profile.changePasswordSubmit')}
        </button>
      </form>
    </section>
  );
}
