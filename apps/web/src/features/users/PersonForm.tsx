import {
  LOCALES,
  ROLES,
  type CreateUserRequest,
  type Locale,
  type OrganisationDto,
  type Role,
} from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { OrgSelect } from '../../components/OrgSelect';
import { currentLocale } from '../../i18n';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';

interface PersonFormProps {
  organisations: OrganisationDto[];
  /** Show role checkboxes (admin creating a user). */
  withRoles?: boolean;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (body: CreateUserRequest) => void;
  onCancel: () => void;
}

/** Email, name, language, organisation (and roles): the form for a new user or officer. */
export function PersonForm({
  organisations,
  withRoles,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: PersonFormProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const [organisationId, setOrganisationId] = useState(organisations.length === 1 ? organisations[0].id : '');
  const [roles, setRoles] = useState<Role[]>(['learner']);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!email.trim()) found.email = t('errors.REQUIRED');
    else if (!/^\S+@\S+\.\S+$/.test(email.trim())) found.email = t('errors.INVALID_EMAIL');
    if (!displayName.trim()) found.displayName = t('errors.REQUIRED');
    if (!organisationId) found.organisationId = t('errors.REQUIRED');
    setErrors(found);
    if (Object.keys(found).length) return;
    onSubmit({
      email: email.trim(),
      displayName: displayName.trim(),
      locale,
      organisationId,
      ...(withRoles ? { roles } : {}),
    });
  };
  const api = fieldErrorsOf(error);
  const toggleRole = (role: Role, on: boolean) =>
    setRoles((prev) => (on ? [...prev, role] : prev.filter((r) => r !== role)));

  return (
    <form onSubmit={submit} noValidate className="form">
      <Alert kind="error">{error ? errorMessage(error) : null}</Alert>
      <Field label={t('users.email')} error={errors.email} errorCode={api.email}>
        {(p) => (
          <input
            {...p}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('users.displayName')} error={errors.displayName} errorCode={api.displayName}>
        {(p) => (
          <input
            {...p}
            name="displayName"
            autoComplete="off"
            required
            maxLength={200}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('users.locale')} errorCode={api.locale}>
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
      <Field label={t('users.organisation')} error={errors.organisationId} errorCode={api.organisationId}>
        {(p) => (
          <OrgSelect
            {...p}
            name="organisationId"
            required
            organisations={organisations}
            emptyLabel={t('users.chooseOrganisation')}
            value={organisationId}
            onChange={(e) => setOrganisationId(e.target.value)}
          />
        )}
      </Field>
      {withRoles && (
        <fieldset className="fieldset">
          <legend>{t('users.roles')}</legend>
          <p className="field__hint">{t('users.rolesHint')}</p>
          <div className="checks">
            {ROLES.filter((r) => r !== 'coordinator').map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  name="roles"
                  value={role}
                  checked={roles.includes(role)}
                  onChange={(e) => toggleRole(role, e.target.checked)}
                />
                {t(`roles.${role}`)}
              </label>
            ))}
          </div>
          {api.roles && (
            <p className="field__error">{t(`errors.${api.roles}`, { defaultValue: api.roles })}</p>
          )}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
