import { useEffect, useMemo } from 'react';
import type { Client } from '../../../../shared/domain/fleet';
import { usePoliciesStore } from '../../stores/policies-store';
import { windowLines } from './policy-draft';
import { WindowCalendar } from './window-calendar';
import { FormError } from '../../ui/form-error';

/** Typing pauses this long before the engine lays the windows out again. */
const TYPING_PAUSE_MS = 250;
const ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * The editor's windows as the calendar will show them once saved, following the technician's typing: read in the
 * draft's zone (or the client's), each with its hours in the technician's own zone too.
 */
export function DraftCalendar({
  client,
  windows,
  timeZone,
}: {
  readonly client: Client | undefined;
  readonly windows: string;
  readonly timeZone: string;
}) {
  const draftPreview = usePoliciesStore((state) => state.draftPreview);
  const draftPreviewError = usePoliciesStore((state) => state.draftPreviewError);
  const previewDraft = usePoliciesStore((state) => state.previewDraft);
  const clearDraftPreview = usePoliciesStore((state) => state.clearDraftPreview);
  const from = useMemo(() => new Date(), []);
  const lines = windowLines(windows);
  const key = JSON.stringify([client?.id ?? null, lines, timeZone.trim()]);

  useEffect(() => {
    const [clientId, typed, zone] = JSON.parse(key) as [number | null, string[], string];
    if (clientId === null || typed.length === 0) {
      clearDraftPreview();
      return;
    }
    const timer = setTimeout(() => {
      void previewDraft(
        { clientId, windows: typed, timeZone: zone === '' ? null : zone },
        zone === '' ? (client?.timeZone ?? 'UTC') : zone,
      );
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [key, client?.timeZone, previewDraft, clearDraftPreview]);

  useEffect(() => clearDraftPreview, [clearDraftPreview]);

  if (!client || lines.length === 0)
    return <p className="setting__hint">The next four weeks of windows show here as you type them.</p>;
  return (
    <section className="draft-calendar" aria-label="Preview of the windows">
      {draftPreviewError ? (
        <FormError message={draftPreviewError} />
      ) : draftPreview ? (
        <>
          <p className="setting__hint">
            The next four weeks in {draftPreview.zone}
            {draftPreview.zone === ownZone ? '' : `; “you:” is your own time (${ownZone})`}.
          </p>
          <WindowCalendar occurrences={draftPreview.occurrences} zone={draftPreview.zone} from={from} />
        </>
      ) : (
        <p className="setting__hint">Laying out the windows…</p>
      )}
    </section>
  );
}
