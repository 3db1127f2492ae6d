import { LOCALES, type Locale, type LocalizedText } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';

/**
 * Applies `{ en?, ru? }` to localized text: a string sets (trimmed), "" or null removes. The base language
 * must stay present; `path` names the field in the error (e.g. "title.en": "REQUIRED").
 */
export function mergeText(
  current: LocalizedText,
  patch: Partial<Record<Locale, string | null>> | undefined,
  baseLocale: Locale,
  path: string,
  { requireBase = true } = {},
): LocalizedText {
  const next: LocalizedText = { ...current };
  for (const locale of LOCALES) {
    if (!patch || !(locale in patch)) continue;
    const value = patch[locale]?.trim();
    if (value) next[locale] = value;
    else delete next[locale];
  }
  if (requireBase && !next[baseLocale]) {
    throw new AppException('VALIDATION_FAILED', `The ${baseLocale} text is required (base language)`, {
      [`${path}.${baseLocale}`]: 'REQUIRED',
    });
  }
  return next;
}
