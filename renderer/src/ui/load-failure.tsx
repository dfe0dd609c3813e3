import { useState } from 'react';
import { Button } from './button';
import { FormError } from './form-error';

export interface LoadFailureProps {
  /** What could not be read, in the technician's words, e.g. "the clients". */
  readonly what: string;
  /** The engine's sentence saying why. */
  readonly reason: string | null;
  /** Reads it again; the page shows what it read, or this failure again. */
  readonly onRetry: () => Promise<void>;
}

/**
 * A page whose list could not be read: what failed, why, and a way to read it again without leaving the page
 * (a locked database or a restore in progress is often gone a moment later).
 */
export function LoadFailure({ what, reason, onRetry }: LoadFailureProps) {
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    await onRetry();
    setBusy(false);
  };
  return (
    <div className="stack">
      <FormError message={`Patchdeck could not read ${what}: ${reason ?? 'no reason was given.'}`} />
      <div>
        <Button busy={busy} onClick={() => void retry()}>
          Try again
        </Button>
      </div>
    </div>
  );
}
