import type { UserDto } from '@academy/contracts';
import { useTranslation } from 'react-i18next';

export function StatusBadge({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`badge badge--${user.status}`}>{t(`users.status_${user.status}`)}</span>
      {!user.hasPassword && <span className="badge badge--pending">{t('users.invited')}</span>}
    </span>
  );
}

export function GrantsText({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  if (user.grants.length === 0) return <span className="muted">{t('users.noRoles')}</span>;
  return (
    <span className="badges">
      {user.grants.map((g) => (
        <span key={g.id} className={`badge badge--${g.role}`}>
          {t(`roles.${g.role}`)}
          {g.organisationCode ? ` · ${g.organisationCode}` : ''}
        </span>
      ))}
    </span>
  );
}
