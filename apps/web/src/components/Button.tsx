import type { ButtonHTMLAttributes } from 'react';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
};

/** The one button: a native <button> (type="button" unless told), so keyboard and role come for free. */
export function Button({ variant = 'secondary', busy = false, type = 'button', className, ...rest }: Props) {
  return (
    <button
      {...rest}
      type={type}
      aria-busy={busy || undefined}
      disabled={rest.disabled || busy}
      className={['ly-button', `ly-button--${variant}`, className].filter(Boolean).join(' ')}
    />
  );
}
