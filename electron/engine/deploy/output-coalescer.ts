/** The steps whose output a technician watches live. */
export type StreamedStep = 'pre-command' | 'install' | 'post-command';

export interface OutputCoalescer {
  push(step: StreamedStep, chunk: string): void;
  /** Send what is held back now (at a step's or the device's end). */
  flush(): void;
}

/**
 * Gathers one device's output chunks and sends them at most once per `intervalMs` (default 100 ms: ten events a
 * second), so a chatty package manager does not flood the console. A new step sends the previous step's text first.
 */
export function coalesceOutput(
  send: (step: StreamedStep, text: string) => void,
  intervalMs = 100,
): OutputCoalescer {
  let held: { step: StreamedStep; text: string } | null = null;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (held === null) return;
    const { step, text } = held;
    held = null;
    send(step, text);
  };
  return {
    push(step, chunk) {
      if (chunk === '') return;
      if (held !== null && held.step !== step) flush();
      held = held === null ? { step, text: chunk } : { step, text: held.text + chunk };
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}
