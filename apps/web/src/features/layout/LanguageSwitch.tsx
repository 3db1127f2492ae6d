import { LOCALES, type Locale } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { currentLocale, rememberLocale } from '../../i18n';
import { useMe, useUpdateProfile } from '../auth/api';

/** EN / RU switch: changes the interface at once; saved to the profile when signed in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const update = useUpdateProfile();
  const active = currentLocale();
  void i18n.resolvedLanguage;

  const choose = (locale: Locale) => {
    if (locale === active) return;
    rememberLocale(locale);
    void i18n.changeLanguage(locale);
    if (me && me.locale !== locale) update.mutate({ locale });
  };

  return (
    <div className="lang-switch" role="group" aria-label={t('common.languageSwitch')}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className="lang-switch__btn"
          aria-pressed={locale === active}
          data-testid={`lang-${locale}`}
          onClick={() => choose(locale)}
        >
          {locale.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
