import { DEFAULT_LOCALE, isLocale, type Locale } from '@academy/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

type Bundle = Record<string, Record<string, string>>;

/** Every locales/<lang>/<file>.json is flat; its file name becomes the key prefix (`errors.CSV_EMPTY`). */
const files = import.meta.glob<Record<string, string>>('./locales/*/*.json', {
  eager: true,
  import: 'default',
});

function buildResources(): Record<string, { translation: Bundle }> {
  const resources: Record<string, { translation: Bundle }> = {};
  for (const [path, content] of Object.entries(files)) {
    const match = /\.\/locales\/([a-z]+)\/([\w-]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lang, file] = match;
    resources[lang] ??= { translation: {} };
    resources[lang].translation[file] = content;
  }
  return resources;
}

export const LOCALE_STORAGE_KEY = 'academy.locale';

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  const browser = navigator.language?.slice(0, 2);
  return isLocale(browser) ? browser : DEFAULT_LOCALE;
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // ignore
  }
}

export function currentLocale(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LOCALE;
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = isLocale(lng) ? lng : DEFAULT_LOCALE;
});

void i18n.use(initReactI18next).init({
  resources: buildResources(),
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: ['en', 'ru'],
  initAsync: false,
  interpolation: { escapeValue: false },
});

document.documentElement.lang = currentLocale();

export default i18n;
