import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: ButtonVariant;
  readonly icon?: LucideIcon;
  readonly busy?: boolean;
  readonly children: ReactNode;
}

/**
 * A labelled button; `busy` keeps its size while an action runs so the layout does not jump.
 *
 * A busy button is not `disabled`: Chromium drops the focus of a button that becomes disabled on <body>, so the
 * technician who pressed Enter would lose their place. It is marked aria-disabled instead and ignores clicks
 * (and a form's Enter, which the browser turns into a click on its submit button) until the work ends.
 */
export function Button({
  variant = 'secondary',
  icon: Icon,
  busy = false,
  children,
  className,
  onClick,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={['button', `button--${variant}`, className].filter(Boolean).join(' ')}
      aria-busy={busy || undefined}
      aria-disabled={busy || undefined}
      onClick={busy ? (event) => event.preventDefault() : onClick}
    >
      {Icon ? <Icon className="button__icon" size={16} aria-hidden="true" /> : null}
      <span>{children}</span>
    </button>
  );
}

export interface IconButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly icon: LucideIcon;
  /** Read by screen readers and shown as the tooltip: an icon alone says nothing. */
  readonly label: string;
  readonly tone?: 'default' | 'danger';
}

/** A square button with only an icon, for row actions. */
export function IconButton({ icon: Icon, label, tone = 'default', className, ...rest }: IconButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={['icon-button', tone === 'danger' ? 'icon-button--danger' : '', className]
        .filter(Boolean)
        .join(' ')}
      aria-label={label}
      title={label}
    >
      <Icon size={16} aria-hidden="true" />
    </button>
  );
}
