import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api';

/** Turns any thrown value into a translated, user-facing message. */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!isApiError(error)) return t('common.errorGeneric');
      if (error.code === 'NETWORK_ERROR') return t('common.errorNetwork');
      if (error.code === 'LOGIN_THROTTLED' && typeof error.details.retryAfterS === 'number') {
        return t('auth.throttledRetry', { seconds: Math.ceil(error.details.retryAfterS) });
      }
      const key = `errors.${error.code}`;
      return i18n.exists(key) ? t(key) : t('common.errorGeneric');
    },
    [t, i18n],
  );
}

/** Translates a field or CSV-row code (`INVALID_EMAIL`), falling back to the raw code. */
export function useCodeText(): (code: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (code: string) => {
      const key = `errors.${code}`;
      return i18n.exists(key) ? t(key) : code;
    },
    [t, i18n],
  );
}

/** Field errors from a validation failure, keyed by field name. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return isApiError(error) ? error.fieldErrors() : {};
}
