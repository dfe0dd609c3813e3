import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import type { Toast } from '../stores/toast-store';

export interface ToastListProps {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
}

const icons = { success: CircleCheck, error: CircleAlert, info: Info } as const;

/** Toasts in a live region, so screen readers announce them without moving focus. */
export function ToastList({ toasts, onDismiss }: ToastListProps) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => {
        const Icon = icons[toast.tone];
        return (
          <div key={toast.id} className={`toast toast--${toast.tone}`}>
            <Icon className="toast__icon" size={18} aria-hidden="true" />
            <span className="toast__message">{toast.message}</span>
            <button
              type="button"
              className="toast__close"
              aria-label="Dismiss"
              onClick={() => onDismiss(toast.id)}
            >
              <X size={14} aria-hidden="true" />
            </button>
          </div>
        );
      })}
    </div>
  );
}
