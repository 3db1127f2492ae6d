import type { MeResponse, Role } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from '../../lib/useTitle';
import { useMe } from '../auth/api';
import { MyLearningPage } from '../learning/MyLearningPage';

const ROLE_LINKS: Partial<Record<Role, { to: string; label: string; description: string }[]>> = {
  coordinator: [
    { to: '/officers', label: 'home.linkOfficers', description: 'home.linkOfficersText' },
    { to: '/officers/import', label: 'home.linkImport', description: 'home.linkImportText' },
  ],
  admin: [
    {
      to: '/admin/organisations',
      label: 'home.linkOrganisations',
      description: 'home.linkOrganisationsText',
    },
    { to: '/admin/users', label: 'home.linkUsers', description: 'home.linkUsersText' },
  ],
};

/**
 * "/": learners see My learning (and, if they hold other roles too, what those let them do below it);
 * everyone else sees an overview of their roles and the pages they can use.
 */
export function HomePage() {
  const { data: me } = useMe();
  if (!me) return null;
  if (me.roles.includes('learner')) {
    return (
      <>
        <MyLearningPage />
        {me.roles.some((role) => role !== 'learner') && <AccountOverview me={me} embedded />}
      </>
    );
  }
  return <AccountOverview me={me} />;
}

function HomeTitle() {
  const { t } = useTranslation();
  useTitle(t('nav.home'));
  return null;
}

function AccountOverview({ me, embedded = false }: { me: MeResponse; embedded?: boolean }) {
  const { t } = useTranslation();
  const links = me.roles.flatMap((role) => ROLE_LINKS[role] ?? []);

  return (
    <section className="page">
      {embedded ? (
        <h2>{t('home.greeting', { name: me.displayName || me.email })}</h2>
      ) : (
        <>
          <HomeTitle />
          <h1>{t('home.greeting', { name: me.displayName || me.email })}</h1>
          <p className="lead">{t('home.intro')}</p>
        </>
      )}

      <div className="grid grid--2">
        <section className="card" aria-labelledby="home-roles">
          <h2 id="home-roles">{t('home.yourRoles')}</h2>
          {me.roles.length === 0 ? (
            <p>{t('home.noRoles')}</p>
          ) : (
            <ul className="role-list">
              {me.roles.map((role) => {
                const scopes = me.scopes.filter((s) => s.role === role && s.organisationCode);
                return (
                  <li key={role} className="role-list__item">
                    <span className={`badge badge--${role}`}>{t(`roles.${role}`)}</span>
                    <span className="role-list__text">
                      {t(`roles.${role}_description`)}
                      {scopes.length > 0 && (
                        <>
                          {' '}
                          {t('home.scopes')}{' '}
                          {scopes.map((s, i) => (
                            <span key={`${s.organisationId}-${i}`}>
                              {i > 0 && ', '}
                              <code>{s.organisationCode}</code>
                            </span>
                          ))}
                        </>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="home-actions">
          <h2 id="home-actions">{t('home.whatYouCanDo')}</h2>
          <ul className="link-list">
            {links.map((link) => (
              <li key={link.to}>
                <Link to={link.to}>{t(link.label)}</Link>
                <p className="muted">{t(link.description)}</p>
              </li>
            ))}
            <li>
              <Link to="/profile">{t('home.linkProfile')}</Link>
              <p className="muted">{t('home.linkProfileText')}</p>
            </li>
          </ul>
        </section>
      </div>

      {me.roles.includes('author') && (
        <section className="card" aria-labelledby="home-author">
          <h2 id="home-author">{t('home.authorTitle')}</h2>
          <p>{t('home.authorText')}</p>
          <p>
            <Link to="/studio" className="btn">
              {t('home.openStudio')}
            </Link>
          </p>
        </section>
      )}
    </section>
  );
}
