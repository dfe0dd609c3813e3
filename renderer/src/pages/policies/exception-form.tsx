import { useState } from 'react';
import { ExceptionInput, type ExceptionTarget } from '../../../../shared/domain/policies';
import { errorsFromIssues, fieldForPath, type FieldErrors } from '../../forms/field-errors';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { useExceptionsStore } from '../../stores/exceptions-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';
import { endOfDay } from './exception-dates';
import { FormError } from '../../ui/form-error';

const fields = ['package', 'target', 'reason', 'expiresAt'] as const;
type Field = (typeof fields)[number];
type TargetKind = ExceptionTarget['kind'];

/** Hold a package back on a device, a tag or a client, with a reason and an expiry. */
export function ExceptionForm({ onClose }: { readonly onClose: () => void }) {
  const devices = useDevicesStore((state) => state.fleet);
  const clients = useClientsStore((state) => state.clients);
  const add = useExceptionsStore((state) => state.add);
  const [packageName, setPackageName] = useState('');
  const [kind, setKind] = useState<TargetKind>('device');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [busy, setBusy] = useState(false);

  const tags = [...new Set(devices.flatMap((device) => device.tags))].sort();
  const targetOptions =
    kind === 'device'
      ? devices.map((device) => ({
          value: String(device.id),
          label: `${device.name} (${device.clientName})`,
        }))
      : kind === 'tag'
        ? tags.map((tag) => ({ value: tag, label: tag }))
        : clients.map((client) => ({ value: String(client.id), label: client.name }));

  const submit = async () => {
    const chosen =
      target === ''
        ? undefined
        : kind === 'device'
          ? { kind, deviceId: Number(target) }
          : kind === 'tag'
            ? { kind, tag: target }
            : { kind, clientId: Number(target) };
    const found: FieldErrors<Field> = {};
    if (chosen === undefined) found.target = `Choose the ${kind} the exception holds on.`;
    if (expires === '') found.expiresAt = 'Choose the day the exception ends.';
    const parsed = ExceptionInput.safeParse({
      package: packageName,
      target: chosen,
      reason,
      expiresAt: endOfDay(expires),
    });
    const all = { ...(parsed.success ? {} : errorsFromIssues(parsed.error.issues, fields)), ...found };
    if (!parsed.success || Object.keys(found).length > 0) return setErrors(all);
    setBusy(true);
    const refusal = await add(parsed.data);
    setBusy(false);
    if (refusal)
      return setErrors({
        [refusal.field === undefined ? 'form' : fieldForPath(refusal.field, fields)]: refusal.message,
      });
    onClose();
  };

  return (
    <Dialog
      open
      title="Add exception"
      description="The package is not installed there until the exception expires; then it comes back for review."
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Add exception
          </Button>
        </>
      }
    >
      <FormError message={errors.form} />
      <TextField
        label="Package or KB"
        value={packageName}
        onChange={setPackageName}
        error={errors.package}
        placeholder="postgresql-15"
      />
      <div className="form-row form-row--2">
        <Select
          label="Holds on"
          value={kind}
          options={[
            { value: 'device', label: 'A device' },
            { value: 'tag', label: 'Devices with a tag' },
            { value: 'client', label: 'A whole client' },
          ]}
          onChange={(value) => {
            setKind(value as TargetKind);
            setTarget('');
          }}
        />
        <Select
          label="Target"
          value={target}
          placeholder="Choose…"
          options={targetOptions}
          onChange={setTarget}
          error={errors.target}
        />
      </div>
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        error={errors.reason}
        placeholder="Vendor certifies only 15.4 for the imaging software"
        maxLength={500}
      />
      <TextField label="Expires" type="date" value={expires} onChange={setExpires} error={errors.expiresAt} />
    </Dialog>
  );
}
