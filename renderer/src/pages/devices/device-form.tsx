import { useState } from 'react';
import { rings, type Device, type Ring } from '../../../../shared/domain/fleet';
import {
  asksSudoPassword,
  deviceDraftFrom,
  emptyDeviceDraft,
  type AuthKind,
  type DeviceDraft,
  type DeviceField,
} from '../../forms/device-draft';
import type { FieldErrors } from '../../forms/field-errors';
import { formatDate } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { Button } from '../../ui/button';
import { Checkbox } from '../../ui/checkbox';
import { Drawer } from '../../ui/dialog';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';

export interface DeviceFormProps {
  /** The device to edit, or null to add one. */
  readonly device: Device | null;
  /** For a new device: the client the list is filtered to, if any. */
  readonly clientId: number | null;
  readonly onClose: () => void;
  /** Asks the technician to confirm retiring the device being edited (the page owns that dialog). */
  readonly onRetire: (device: Device) => void;
}

const authOptions: readonly { value: AuthKind; label: string }[] = [
  { value: 'key', label: 'Private key file' },
  { value: 'password', label: 'Password' },
  { value: 'agent', label: 'SSH agent' },
];

const ringLabels: Readonly<Record<Ring, string>> = {
  test: 'Test: patched first',
  pilot: 'Pilot: after test looks good',
  broad: 'Broad: everyone else',
};

/** Add or edit a device: where it is, how Patchdeck logs in, and how it is grouped for rollouts. */
export function DeviceForm({ device, clientId, onClose, onRetire }: DeviceFormProps) {
  const clients = useClientsStore((state) => state.clients);
  const add = useDevicesStore((state) => state.add);
  const update = useDevicesStore((state) => state.update);
  const reinstate = useDevicesStore((state) => state.reinstate);
  const [draft, setDraft] = useState<DeviceDraft>(() =>
    device ? deviceDraftFrom(device) : emptyDeviceDraft(clientId),
  );
  const [errors, setErrors] = useState<FieldErrors<DeviceField>>({});
  const [busy, setBusy] = useState(false);

  function edit<K extends keyof DeviceDraft>(field: K) {
    return (value: DeviceDraft[K]) => {
      setDraft((current) => ({ ...current, [field]: value }));
      setErrors((current) => ({ ...current, [field]: undefined, form: undefined }));
    };
  }

  const save = async () => {
    setBusy(true);
    const outcome = device ? await update(device, draft) : await add(draft);
    setBusy(false);
    if (outcome === null) onClose();
    else setErrors(outcome);
  };

  const reinstateDevice = async (retired: Device) => {
    setBusy(true);
    const refusal = await reinstate(retired);
    setBusy(false);
    if (refusal === null) onClose();
    else setErrors({ form: refusal });
  };

  const keepsPassword = device?.auth.kind === 'password' && draft.authKind === 'password';
  // Retire and reinstate live here rather than in the table: its rows stay as lean as before.
  const lifecycleButton =
    device === null ? null : device.retiredAt === null ? (
      <Button variant="ghost" onClick={() => onRetire(device)}>
        Retire…
      </Button>
    ) : (
      <Button busy={busy} onClick={() => void reinstateDevice(device)}>
        Reinstate
      </Button>
    );

  return (
    <Drawer
      open
      title={device ? `Edit ${device.name}` : 'Add device'}
      description={device ? `${device.clientName} · ${device.host}` : 'A machine Patchdeck reaches over SSH.'}
      onClose={onClose}
      onSubmit={() => void save()}
      footer={
        <>
          {lifecycleButton}
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {device ? 'Save device' : 'Add device'}
          </Button>
        </>
      }
    >
      {device?.retiredAt ? (
        <div className="callout callout--warning" role="note">
          Retired {formatDate(device.retiredAt)}: Patchdeck does not scan, patch or count it. Reinstate it to
          manage it again, or rename it to free its name for a replacement.
        </div>
      ) : null}
      <Select
        label="Client"
        value={draft.clientId}
        placeholder="Choose a client"
        options={clients.map((client) => ({ value: String(client.id), label: client.name }))}
        onChange={edit('clientId')}
        error={errors.clientId}
        disabled={device !== null}
        hint={device ? 'A device stays with its client; remove and add it to move it.' : undefined}
      />
      <TextField
        label="Name"
        value={draft.name}
        onChange={edit('name')}
        error={errors.name}
        placeholder="web-01"
        autoFocus={device === null}
      />
      <div className="form-row form-row--host">
        <TextField
          label="Host"
          value={draft.host}
          onChange={edit('host')}
          error={errors.host}
          placeholder="10.0.4.21 or web-01.acme.lan"
          spellCheck={false}
        />
        <TextField
          label="Port"
          inputMode="numeric"
          value={draft.port}
          onChange={edit('port')}
          error={errors.port}
        />
      </div>
      <TextField
        label="User"
        value={draft.user}
        onChange={edit('user')}
        error={errors.user}
        placeholder="patchdeck"
        spellCheck={false}
        autoComplete="off"
      />
      <Select
        label="Sign in with"
        value={draft.authKind}
        options={authOptions}
        onChange={(value) => edit('authKind')(value as AuthKind)}
        error={errors.authKind}
      />
      {draft.authKind === 'key' ? (
        <TextField
          label="Key file"
          value={draft.keyPath}
          onChange={edit('keyPath')}
          error={errors.keyPath}
          placeholder="/home/you/.ssh/id_ed25519"
          spellCheck={false}
          hint="The private key file on this computer."
        />
      ) : null}
      {draft.authKind === 'password' ? (
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={draft.password}
          onChange={edit('password')}
          error={errors.password}
          hint={keepsPassword ? 'Leave empty to keep the stored password.' : 'Stored encrypted in the vault.'}
        />
      ) : null}
      {draft.authKind === 'agent' ? (
        <p className="field__hint">Patchdeck uses the keys your SSH agent holds.</p>
      ) : null}
      <Checkbox
        label="Use sudo"
        checked={draft.sudo}
        onChange={edit('sudo')}
        description="Installing updates needs root; sudo gets it for a non-root user."
      />
      {asksSudoPassword(draft) ? (
        <TextField
          label="Sudo password (optional)"
          type="password"
          autoComplete="new-password"
          value={draft.sudoPassword}
          onChange={edit('sudoPassword')}
          error={errors.sudoPassword}
          hint={device ? 'Leave empty to keep what is stored.' : 'Only if sudo asks for one.'}
        />
      ) : null}
      <TextField
        label="Tags"
        value={draft.tags}
        onChange={edit('tags')}
        error={errors.tags}
        placeholder="web, linux, eu-west"
        hint="Separate tags with commas or spaces."
      />
      <Select
        label="Ring"
        value={draft.ring}
        options={rings.map((ring) => ({ value: ring, label: ringLabels[ring] }))}
        onChange={(value) => edit('ring')(value as Ring)}
        error={errors.ring}
      />
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
    </Drawer>
  );
}
