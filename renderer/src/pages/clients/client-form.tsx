import { useMemo, useState } from 'react';
import type { Client } from '../../../../shared/domain/fleet';
import {
  clientDraftFrom,
  emptyClientDraft,
  type ClientDraft,
  type ClientField,
} from '../../forms/client-draft';
import type { FieldErrors } from '../../forms/field-errors';
import { localTimeZone, timeZoneNames } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';
import { FormError } from '../../ui/form-error';

export interface ClientFormProps {
  /** The client to edit, or null to add one. */
  readonly client: Client | null;
  readonly onClose: () => void;
}

/** Add or edit a client: name, time zone (maintenance windows use it) and SLA days per colour. */
export function ClientForm({ client, onClose }: ClientFormProps) {
  const add = useClientsStore((state) => state.add);
  const update = useClientsStore((state) => state.update);
  const [draft, setDraft] = useState<ClientDraft>(() =>
    client ? clientDraftFrom(client) : emptyClientDraft(localTimeZone()),
  );
  const [errors, setErrors] = useState<FieldErrors<ClientField>>({});
  const [busy, setBusy] = useState(false);
  const zones = useMemo(
    () => timeZoneNames().map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })),
    [],
  );

  const edit = (field: keyof ClientDraft) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    // The message described the old value; it goes as soon as the technician changes it.
    setErrors((current) => ({ ...current, [field]: undefined, form: undefined }));
  };

  const save = async () => {
    setBusy(true);
    const outcome = client ? await update(client.id, draft) : await add(draft);
    setBusy(false);
    if (outcome === null) onClose();
    else setErrors(outcome);
  };

  return (
    <Dialog
      open
      title={client ? `Edit ${client.name}` : 'Add client'}
      description="A client is a company whose machines you look after."
      onClose={onClose}
      onSubmit={() => void save()}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {client ? 'Save client' : 'Add client'}
          </Button>
        </>
      }
    >
      <TextField
        label="Name"
        value={draft.name}
        onChange={edit('name')}
        error={errors.name}
        autoFocus
        placeholder="Acme Ltd"
      />
      <Select
        label="Time zone"
        value={draft.timeZone}
        options={
          zones.some((zone) => zone.value === draft.timeZone)
            ? zones
            : [{ value: draft.timeZone, label: draft.timeZone }, ...zones]
        }
        onChange={edit('timeZone')}
        error={errors.timeZone}
        hint="Maintenance windows are in this zone."
      />
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Days to patch, by severity</legend>
        <div className="form-row form-row--3">
          <TextField
            label="Red"
            inputMode="numeric"
            value={draft.slaRed}
            onChange={edit('slaRed')}
            error={errors.slaRed}
          />
          <TextField
            label="Yellow"
            inputMode="numeric"
            value={draft.slaYellow}
            onChange={edit('slaYellow')}
            error={errors.slaYellow}
          />
          <TextField
            label="Green"
            inputMode="numeric"
            value={draft.slaGreen}
            onChange={edit('slaGreen')}
            error={errors.slaGreen}
          />
        </div>
      </fieldset>
      <FormError message={errors.form} />
    </Dialog>
  );
}
