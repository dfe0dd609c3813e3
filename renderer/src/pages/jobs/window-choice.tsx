import type { PlanDeploymentRequest } from '../../../../shared/domain/jobs';
import { SegmentedControl } from '../../ui/segmented-control';
import { TextField } from '../../ui/text-field';

/** Which window a planned deployment waits for: each device's policy decides, or the technician picks one. */
export interface WindowDraft {
  readonly mode: 'policy' | 'pick';
  /** `datetime-local` text, in the technician's zone. */
  readonly start: string;
  readonly hours: string;
}

export const emptyWindowDraft: WindowDraft = { mode: 'policy', start: '', hours: '2' };

const modes = [
  { value: 'policy', label: "Next window of each device's policy" },
  { value: 'pick', label: 'A window I pick' },
] as const;

/** The window for deploy:plan, or the field errors that say what to fix; `now` is when the technician submits. */
export function windowOf(
  draft: WindowDraft,
  now = Date.now(),
): { window?: PlanDeploymentRequest['window'] } | { errors: { start?: string; hours?: string } } {
  if (draft.mode === 'policy') return {};
  const start = new Date(draft.start);
  const hours = Number(draft.hours);
  const errors: { start?: string; hours?: string } = {};
  if (draft.start === '' || Number.isNaN(start.getTime()))
    errors.start = 'Pick the day and time the window opens.';
  else if (start.getTime() + hours * 3_600_000 <= now)
    errors.start = 'That window would already be over: pick a later start.';
  if (!/^\d+(\.\d+)?$/.test(draft.hours.trim()) || hours <= 0 || hours > 24)
    errors.hours = 'The window lasts from a few minutes to 24 hours: enter hours, e.g. 2 or 0.5.';
  if (errors.start || errors.hours) return { errors };
  return {
    window: {
      start: start.toISOString(),
      end: new Date(start.getTime() + hours * 3_600_000).toISOString(),
    },
  };
}

/** The "when" step of the wizard: the policy's next window per device, or a start and length picked here. */
export function WindowChoice({
  draft,
  errors,
  onChange,
}: {
  readonly draft: WindowDraft;
  readonly errors: { start?: string | undefined; hours?: string | undefined };
  readonly onChange: (draft: WindowDraft) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">Maintenance window</legend>
      <SegmentedControl
        label="Which window"
        value={draft.mode}
        segments={modes}
        onChange={(mode) => onChange({ ...draft, mode })}
      />
      {draft.mode === 'policy' ? (
        <p className="cell-muted">
          Each device waits for the next window of the enabled policy that covers it; devices in different
          policies start in their own windows. Patchdeck must be running (or in the tray) when a window opens.
        </p>
      ) : (
        <div className="form-row form-row--2">
          <TextField
            label="Window opens (your time)"
            type="datetime-local"
            value={draft.start}
            onChange={(start) => onChange({ ...draft, start })}
            error={errors.start}
          />
          <TextField
            label="Window length (hours)"
            inputMode="decimal"
            value={draft.hours}
            onChange={(hours) => onChange({ ...draft, hours })}
            error={errors.hours}
            hint="Nothing starts on a device after the window closes."
          />
        </div>
      )}
    </fieldset>
  );
}
