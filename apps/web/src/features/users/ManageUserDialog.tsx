import { ROLES, SCOPED_ROLES, type OrganisationDto, type Role, type UserDto } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { PasswordLinkBox } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { OrgSelect } from '../../components/OrgSelect';
import { useErrorMessage } from '../../lib/errors';
import { useMe } from '../auth/api';
import { useCreatePasswordLink, useGrantRole, useRevokeGrant, useSetUserStatus } from './api';
import { StatusBadge } from './UserBits';

interface ManageUserDialogProps {
  user: UserDto;
  organisations: OrganisationDto[];
  onClose: () => void;
}

/** Status, roles and password link of one user. */
export function ManageUserDialog({ user: initial, organisations, onClose }: ManageUserDialogProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { data: me } = useMe();
  const [user, setUser] = useState(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const status = useSetUserStatus();
  const grant = useGrantRole();
  const revoke = useRevokeGrant();
  const link = useCreatePasswordLink();
  const [role, setRole] = useState<Role>('learner');
  const [organisationId, setOrganisationId] = useState('');
  const [scopeError, setScopeError] = useState<string>();
  const isSelf = me?.id === user.id;
  const lastError = [status, grant, revoke, link].find((m) => m.isError)?.error;
  const needsScope = SCOPED_ROLES.includes(role);

  const done = (updated: UserDto, message: string) => {
    setUser(updated);
    setNotice(message);
  };
  const resetErrors = () => [status, grant, revoke, link].forEach((m) => m.reset());

  const onGrant = (event: FormEvent) => {
    event.preventDefault();
    resetErrors();
    setNotice(null);
    if (needsScope && !organisationId) {
      setScopeError(t('errors.ROLE_SCOPE_REQUIRED'));
      return;
    }
    setScopeError(undefined);
    grant.mutate(
      { id: user.id, role, ...(needsScope ? { organisationId } : {}) },
      { onSuccess: (u) => done(u, t('users.granted', { role: t(`roles.${role}`) })) },
    );
  };

  return (
    <Modal title={t('users.manageTitle', { name: user.displayName || user.email })} onClose={onClose}>
      <div className="stack">
        <p className="muted break">
          {user.email} · <StatusBadge user={user} />
        </p>
        <Alert kind="success">{notice}</Alert>
        <Alert kind="error">{lastError ? errorMessage(lastError) : null}</Alert>

        <section aria-labelledby="manage-status">
          <h3 id="manage-status">{t('users.status')}</h3>
          <p>{user.status === 'active' ? t('users.activeText') : t('users.disabledText')}</p>
          <button
            type="button"
            className={user.status === 'active' ? 'btn btn--danger' : 'btn btn--primary'}
            disabled={status.isPending || isSelf}
            data-testid="user-toggle-status"
            onClick={() => {
              resetErrors();
              const enable = user.status !== 'active';
              status.mutate(
                { id: user.id, enable },
                { onSuccess: (u) => done(u, enable ? t('users.enabled') : t('users.disabled')) },
              );
            }}
          >
            {user.status === 'active' ? t('users.disable') : t('users.enable')}
          </button>
          {isSelf && <p className="field__hint">{t('errors.CANNOT_CHANGE_SELF')}</p>}
        </section>

        <section aria-labelledby="manage-roles">
          <h3 id="manage-roles">{t('users.roles')}</h3>
          {user.grants.length === 0 ? (
            <p className="muted">{t('users.noRoles')}</p>
          ) : (
            <ul className="grant-list">
              {user.grants.map((g) => {
                const label = `${t(`roles.${g.role}`)}${g.organisationCode ? ` · ${g.organisationCode}` : ''}`;
                return (
                  <li key={g.id} className="grant-list__item">
                    <span className={`badge badge--${g.role}`}>{label}</span>
                    <button
                      type="button"
                      className="btn btn--small btn--ghost"
                      disabled={revoke.isPending}
                      aria-label={t('users.revokeRole', { role: label })}
                      onClick={() => {
                        resetErrors();
                        revoke.mutate(
                          { id: user.id, grantId: g.id },
                          { onSuccess: (u) => done(u, t('users.revoked', { role: label })) },
                        );
                      }}
                    >
                      {t('users.revoke')}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <form onSubmit={onGrant} noValidate className="form form--inline">
            <Field label={t('users.role')}>
              {(p) => (
                <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`roles.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {needsScope && (
              <Field label={t('users.scope')} error={scopeError} hint={t('users.scopeHint')}>
                {(p) => (
                  <OrgSelect
                    {...p}
                    organisations={organisations}
                    emptyLabel={t('users.chooseOrganisation')}
                    value={organisationId}
                    onChange={(e) => setOrganisationId(e.target.value)}
                  />
                )}
              </Field>
            )}
            <button type="submit" className="btn" disabled={grant.isPending}>
              {t('users.grant')}
            </button>
          </form>
        </section>

        <section aria-labelledby="manage-link">
          <h3 id="manage-link">{t('users.passwordLink')}</h3>
          <p className="muted">{t('users.passwordLinkText')}</p>
          {link.isSuccess ? (
            <PasswordLinkBox
              link={link.data.passwordLink}
              expiresAt={link.data.expiresAt}
              email={user.email}
            />
          ) : (
            <button
              type="button"
              className="btn"
              disabled={link.isPending}
              onClick={() => {
                resetErrors();
                link.mutate(user.id);
              }}
            >
              {t('users.newPasswordLink')}
            </button>
          )}
        </section>
      </div>
    </Modal>
  );
}
