import { isLocale, resolveText, type LocalizedText } from '@academy/contracts';

/** A certificate date as the certificate prints it: day, month and year, in UTC. */
export function formatCertificateDate(iso: string, locale: string | undefined): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

/** Localized text in the interface language, then any other; with the language it came in. */
export function localizedText(text: LocalizedText, locale: string | undefined) {
  return resolveText(text, isLocale(locale) ? locale : null);
}
