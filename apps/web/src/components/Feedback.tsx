import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';

/** An error the user should read now (role=alert); null renders nothing. */
export function ErrorMessage({ error }: { error: ApiError | Error | string | undefined | null }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="ly-alert ly-alert--error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="ly-alert ly-alert--info" role="status">
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="ly-loading" role="status" aria-live="polite">
      {label}…
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="ly-empty">
      <p className="ly-empty__title">{title}</p>
      {children}
    </div>
  );
}

export function ProgressBar({ label, value }: { label: string; value: number }) {
  return (
    <progress className="ly-progress" aria-label={label} max={1} value={Math.max(0, Math.min(1, value))}>
      {Math.round(value * 100)}%
    </progress>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'good' | 'warn' | 'bad';
}) {
  return <span className={`ly-badge ly-badge--${tone}`}>{children}</span>;
}
