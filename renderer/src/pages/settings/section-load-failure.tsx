import { useState } from 'react';
import { useSettingsStore } from '../../stores/settings-store';
import { Button } from '../../ui/button';
import { FormError } from '../../ui/form-error';

/**
 * A settings section whose stored values could not be read: the section keeps its place and title, says why, and
 * offers to read them again, instead of the form silently not appearing.
 */
export function SectionLoadFailure({
  title,
  titleId,
  what,
  reason,
}: {
  readonly title: string;
  readonly titleId: string;
  /** What could not be read, e.g. "the SSH defaults". */
  readonly what: string;
  readonly reason: string;
}) {
  const load = useSettingsStore((state) => state.load);
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    await load();
    setBusy(false);
  };
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card__title" id={titleId}>
        {title}
      </h2>
      <div className="stack">
        <FormError message={`Patchdeck could not read ${what}: ${reason}`} />
        <div>
          <Button busy={busy} onClick={() => void retry()}>
            Try again
          </Button>
        </div>
      </div>
    </section>
  );
}
