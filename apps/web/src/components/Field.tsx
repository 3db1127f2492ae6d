import { useId, type ReactElement, type ReactNode } from 'react';
import { useCodeText } from '../lib/errors';

interface FieldProps {
  label: ReactNode;
  /** Untranslated field error code from the API, e.g. INVALID_EMAIL. */
  errorCode?: string;
  /** Already translated error message (client-side validation). */
  error?: string;
  hint?: ReactNode;
  id?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean | undefined;
    'aria-describedby': string | undefined;
  }) => ReactElement;
}

/** A label, a control, an optional hint and an error message wired together for screen readers. */
export function Field({ label, errorCode, error, hint, id, children }: FieldProps) {
  const autoId = useId();
  const controlId = id ?? autoId;
  const codeText = useCodeText();
  const message = error ?? (errorCode ? codeText(errorCode) : undefined);
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = message ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={message ? 'field field--invalid' : 'field'}>
      <label htmlFor={controlId}>{label}</label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({
        id: controlId,
        'aria-invalid': message ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {message && (
        <p className="field__error" id={errorId}>
          {message}
        </p>
      )}
    </div>
  );
}
