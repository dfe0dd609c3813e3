import { create } from 'zustand';

export type ToastTone = 'success' | 'error' | 'info';

export interface Toast {
  readonly id: number;
  readonly tone: ToastTone;
  readonly message: string;
}

interface ToastState {
  readonly toasts: readonly Toast[];
  show(tone: ToastTone, message: string): void;
  dismiss(id: number): void;
}

// Long enough to read a sentence, short enough not to pile up during a busy session.
const TOAST_MS = 4500;
let nextId = 1;

/** Short confirmations ("Device 'web-01' added") that disappear on their own. */
export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  show(tone, message) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { id, tone, message }].slice(-4) });
    window.setTimeout(() => get().dismiss(id), TOAST_MS);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));
