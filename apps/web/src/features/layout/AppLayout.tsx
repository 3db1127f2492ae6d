import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { Loading } from '../../components/Spinner';
import { rememberLocale } from '../../i18n';
import { useLogout, useMe } from '../auth/api';
import { LanguageSwitch } from './LanguageSwitch';
import { navItems } from './nav';

/** Shell of every page: skip link, header with navigation, language switch and user area, main, footer. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="main">
        {me.isPending ? (
          <Loading />
        ) : me.isError ? (
          <MeError />
        ) : (
          <>
            <LocaleSync />
            <FocusOnNavigate />
            <Outlet />
          </>
        )}
      </main>
      <footer className="footer">
        <p>{t('common.footer')}</p>
      </footer>
      <ScrollRestoration />
    </div>
  );
}

function Header() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const onLogout = () =>
    logout.mutate(undefined, {
      onSettled: () => void navigate('/login', { replace: true }),
    });

  return (
    <header className="header">
      <div className="header__inner">
        <Link to="/" className="brand">
          <svg className="brand__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="6" fill="#0b3d6b" />
            <path d="M8 22V10l8-4 8 4v12l-8 4z" fill="#f2b705" />
          </svg>
          <span className="brand__name">{t('common.appName')}</span>
        </Link>
        {me && (
          <nav className="nav" aria-label={t('nav.main')}>
            <ul className="nav__list">
              {navItems(me).map((item) => (
                <li key={item.name}>
                  <NavLink
                    to={item.to}
                    end={item.to === '/'}
                    className="nav__link"
                    data-testid={`nav-${item.name}`}
                  >
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="header__tools">
          <LanguageSwitch />
          {me && (
            <div className="user-area">
              <NavLink to="/profile" className="nav__link user-area__profile" data-testid="nav-profile">
                <span className="visually-hidden">{t('nav.profile')}: </span>
                <span className="user-area__name">{me.displayName || me.email}</span>
              </NavLink>
              <button
                type="button"
                className="btn btn--small btn--ghost"
                data-testid="logout"
                onClick={onLogout}
                disabled={logout.isPending}
              >
                {t('nav.logout')}
              </button>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}

/** After sign-in (or a reload), the interface follows the language saved in the profile. */
function LocaleSync() {
  const { i18n } = useTranslation();
  const { data: me } = useMe();
  const syncedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!me) {
      syncedFor.current = null;
      return;
    }
    if (syncedFor.current === me.id) return;
    syncedFor.current = me.id;
    if (i18n.resolvedLanguage !== me.locale) {
      rememberLocale(me.locale);
      void i18n.changeLanguage(me.locale);
    }
  }, [me, i18n]);
  return null;
}

/** Moves focus to <main> after client-side navigation, so screen reader users hear the new page. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
  return null;
}

function MeError() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="page page--narrow">
      <h1>{t('errorsPage.title')}</h1>
      <p role="alert">{t('common.errorNetwork')}</p>
      <button type="button" className="btn btn--primary" onClick={() => void me.refetch()}>
        {t('common.retry')}
      </button>
    </section>
  );
}
