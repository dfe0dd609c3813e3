import { useToastStore } from '../stores/toast-store';
import { ToastList } from '../ui/toast';

/** Where the toasts of the whole app appear. */
export function ToastRegion() {
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return <ToastList toasts={toasts} onDismiss={dismiss} />;
}
