import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy link for anna@example.org". Defaults to the visible text. */
  label?: string;
  /** Visible text; "Copy" by default. */
  children?: string;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fallback for non-secure contexts (plain http on an intranet).
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, label, children }: CopyButtonProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <span className="copy">
      <button
        type="button"
        className="btn btn--small"
        aria-label={label}
        onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
      >
        {children ?? t('common.copy')}
      </button>
      <span role="status" className="copy__status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}

/** A one-time password link shown once, with a Copy button and its expiry. */
export function PasswordLinkBox({
  link,
  expiresAt,
  email,
}: {
  link: string;
  expiresAt?: string;
  email?: string;
}) {
  const { t, i18n } = useTranslation();
  const absolute = new URL(link, window.location.origin).toString();
  return (
    <div className="link-box">
      <p className="link-box__title">
        {email ? t('users.passwordLinkFor', { email }) : t('users.passwordLink')}
      </p>
      <div className="link-box__row">
        <code className="link-box__link">{absolute}</code>
        <CopyButton text={absolute} label={email ? t('users.copyLinkFor', { email }) : t('users.copyLink')} />
      </div>
      <p className="field__hint">
        {expiresAt
          ? t('users.passwordLinkExpires', {
              date: new Date(expiresAt).toLocaleString(i18n.resolvedLanguage),
            })
          : t('users.passwordLinkOnce')}
      </p>
    </div>
  );
}
