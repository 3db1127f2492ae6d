export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Short text that exists once per language, e.g. `{ "en": "Georgia", "ru": "Грузия" }`. */
export type LocalizedText = Partial<Record<Locale, string>>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Resolves localized text: requested locale, then the fallbacks in order, then any language present. */
export function resolveText(
  text: LocalizedText | null | undefined,
  ...preferred: (Locale | null | undefined)[]
): { text: string; locale: Locale | null } {
  if (!text) return { text: '', locale: null };
  for (const locale of [...preferred, ...LOCALES]) {
    const value = locale ? text[locale] : undefined;
    if (locale && value) return { text: value, locale };
  }
  return { text: '', locale: null };
}
