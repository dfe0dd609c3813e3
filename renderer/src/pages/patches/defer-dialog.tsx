import { useState } from 'react';
import { formatCountOf } from '../../format';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { TextField } from '../../ui/text-field';

export interface DeferDialogProps {
  readonly open: boolean;
  readonly count: number;
  readonly onClose: () => void;
  /** Resolves to the engine's refusal, or null once deferred. */
  readonly onDefer: (until: string, note: string) => Promise<string | null>;
}

/** The day a deferral ends: the start of that day in the technician's own zone, as an instant. */
function untilInstant(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Asks until when the selected packages wait, and why. */
export function DeferDialog({ open, count, onClose, onDefer }: DeferDialogProps) {
  const [day, setDay] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const until = untilInstant(day);
    if (until === null) return setError('Choose the day the deferral ends.');
    if (new Date(until).getTime() <= Date.now()) return setError('The deferral must end in the future.');
    setBusy(true);
    const problem = await onDefer(until, note);
    setBusy(false);
    if (problem) return setError(problem);
    setDay('');
    setNote('');
    setError(undefined);
    onClose();
  };

  return (
    <Dialog
      open={open}
      title="Defer updates"
      description={`${formatCountOf(count, 'package')} wait on every device until this day.`}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Defer
          </Button>
        </>
      }
    >
      <TextField label="Until" type="date" value={day} onChange={setDay} error={error} />
      <TextField
        label="Note"
        value={note}
        onChange={setNote}
        placeholder="Why they wait (optional)"
        maxLength={500}
      />
    </Dialog>
  );
}
