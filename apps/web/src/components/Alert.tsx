import type { ReactNode } from 'react';

interface AlertProps {
  kind?: 'error' | 'success' | 'info';
  children?: ReactNode;
}

/**
 * A message region that is always in the DOM, so screen readers announce content when it appears.
 * Errors are assertive (role=alert); success and info are polite (role=status).
 */
export function Alert({ kind = 'info', children }: AlertProps) {
  const role = kind === 'error' ? 'alert' : 'status';
  return (
    <div role={role} aria-live={kind === 'error' ? 'assertive' : 'polite'} className="alert-region">
      {children ? <div className={`alert alert--${kind}`}>{children}</div> : null}
    </div>
  );
}
