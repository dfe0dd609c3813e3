import { useId, useState } from 'react';
import type { Policy } from '../../../../shared/domain/policies';
import { rings } from '../../../../shared/domain/fleet';
import type { FieldErrors } from '../../forms/field-errors';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { usePoliciesStore } from '../../stores/policies-store';
import { Button } from '../../ui/button';
import { Checkbox } from '../../ui/checkbox';
import { Drawer } from '../../ui/dialog';
import { Select } from '../../ui/select';
import { FieldFrame, TextField } from '../../ui/text-field';
import { DraftCalendar } from './draft-calendar';
import {
  approvalModes,
  contentKinds,
  draftFromPolicy,
  emptyPolicyDraft,
  policyFieldFor,
  policyInputFrom,
  policyReboots,
  type PolicyDraft,
  type PolicyField,
} from './policy-draft';
import { FormError } from '../../ui/form-error';

const contentLabels: Readonly<Record<(typeof contentKinds)[number], string>> = {
  security: 'Security updates',
  all: 'All updates',
  classifications: 'Chosen classifications',
};
const approvalLabels: Readonly<Record<(typeof approvalModes)[number], string>> = {
  manual: 'Manual: every update waits in the approvals queue',
  security: 'Security updates automatically, the rest manually',
  all: 'Everything automatically',
};
const rebootLabels: Readonly<Record<(typeof policyReboots)[number], string>> = {
  never: 'Never',
  'if-required': 'If an update requires it',
  always: 'Always',
};

/** The windows field: one `"<days> HH:MM-HH:MM"` per line, in a textarea with its error right under it. */
function WindowsField({
  value,
  onChange,
  error,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
}) {
  const id = useId();
  return (
    <FieldFrame
      id={id}
      label="Maintenance windows"
      error={error}
      hint='One per line, e.g. "Sat 01:00-05:00" or "Mon-Fri 22:00-02:00".'
    >
      <textarea
        id={id}
        className="input policy-windows"
        rows={3}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-message`}
      />
    </FieldFrame>
  );
}

/** Add or edit an automation profile: scope, content, approvals, windows, reboot and rollout limits. */
export function PolicyForm({
  policy,
  onClose,
}: {
  readonly policy: Policy | null;
  readonly onClose: () => void;
}) {
  const clients = useClientsStore((state) => state.clients);
  const devices = useDevicesStore((state) => state.fleet);
  const save = usePoliciesStore((state) => state.save);
  const [draft, setDraft] = useState<PolicyDraft>(() =>
    policy ? draftFromPolicy(policy, devices) : emptyPolicyDraft(clients[0]?.id ?? null),
  );
  const [errors, setErrors] = useState<FieldErrors<PolicyField>>({});
  const [busy, setBusy] = useState(false);

  const change =
    <K extends keyof PolicyDraft>(key: K) =>
    (value: PolicyDraft[K]) => {
      setDraft((current) => ({ ...current, [key]: value }));
      setErrors((current) => ({ ...current, [key]: undefined }));
    };
  const client = clients.find((candidate) => String(candidate.id) === draft.clientId);

  const submit = async () => {
    const checked = policyInputFrom(draft, devices);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const refusal = await save(policy?.id ?? null, checked.value);
    setBusy(false);
    if (refusal) return setErrors({ [policyFieldFor(refusal.field)]: refusal.message });
    onClose();
  };

  return (
    <Drawer
      open
      title={policy ? `Edit policy '${policy.name}'` : 'New policy'}
      description="What Patchdeck installs on which devices, and when."
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {policy ? 'Save policy' : 'Add policy'}
          </Button>
        </>
      }
    >
      <FormError message={errors.form} />
      <TextField
        label="Name"
        value={draft.name}
        onChange={change('name')}
        error={errors.name}
        placeholder="acme-weekly"
      />
      <Select
        label="Client"
        value={draft.clientId}
        placeholder="Choose a client"
        options={clients.map((candidate) => ({ value: String(candidate.id), label: candidate.name }))}
        onChange={change('clientId')}
        error={errors.clientId}
      />
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Scope (empty: every device of the client)</legend>
        <TextField
          label="Tags"
          value={draft.tags}
          onChange={change('tags')}
          error={errors.tags}
          placeholder="web, dmz"
          hint="A device matches when it has any of these tags."
        />
        <TextField
          label="Devices"
          value={draft.devices}
          onChange={change('devices')}
          error={errors.devices}
          placeholder="web-01, web-02"
        />
        <div className="policy-rings" role="group" aria-label="Rings">
          {rings.map((ring) => (
            <Checkbox
              key={ring}
              label={`Ring ${ring}`}
              checked={draft.rings.includes(ring)}
              onChange={(checked) =>
                change('rings')(checked ? [...draft.rings, ring] : draft.rings.filter((r) => r !== ring))
              }
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Content and approval</legend>
        <Select
          label="Updates"
          value={draft.contentKind}
          options={contentKinds.map((kind) => ({ value: kind, label: contentLabels[kind] }))}
          onChange={(value) => change('contentKind')(value as PolicyDraft['contentKind'])}
          error={errors.contentKind}
        />
        {draft.contentKind === 'classifications' ? (
          <TextField
            label="Classifications"
            value={draft.classifications}
            onChange={change('classifications')}
            error={errors.classifications}
            placeholder="security, critical, update-rollup"
          />
        ) : null}
        <div className="form-row form-row--2">
          <TextField
            label="Include packages"
            value={draft.include}
            onChange={change('include')}
            error={errors.include}
            placeholder="openssl*, KB50*"
          />
          <TextField
            label="Exclude packages"
            value={draft.exclude}
            onChange={change('exclude')}
            error={errors.exclude}
            placeholder="postgresql*"
          />
        </div>
        <Checkbox
          label="Application updates too"
          description="winget, Chocolatey, Homebrew and Mac apps besides the system's own."
          checked={draft.thirdParty}
          onChange={change('thirdParty')}
        />
        <Select
          label="Approval"
          value={draft.approvalMode}
          options={approvalModes.map((mode) => ({ value: mode, label: approvalLabels[mode] }))}
          onChange={(value) => change('approvalMode')(value as PolicyDraft['approvalMode'])}
          error={errors.approvalMode}
        />
        <TextField
          label="Approve automatically after (days)"
          inputMode="numeric"
          value={draft.deferDays}
          onChange={change('deferDays')}
          error={errors.deferDays}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">When</legend>
        <WindowsField value={draft.windows} onChange={change('windows')} error={errors.windows} />
        <TextField
          label="Time zone"
          value={draft.timeZone}
          onChange={change('timeZone')}
          error={errors.timeZone}
          placeholder={client ? `${client.timeZone} (the client's)` : "The client's zone"}
          hint="Empty: the client's time zone."
        />
        <DraftCalendar client={client} windows={draft.windows} timeZone={draft.timeZone} />
        <Select
          label="Reboot"
          value={draft.reboot}
          options={policyReboots.map((reboot) => ({ value: reboot, label: rebootLabels[reboot] }))}
          onChange={(value) => change('reboot')(value as PolicyDraft['reboot'])}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Commands on each device</legend>
        <TextField
          label="Before installing"
          spellCheck={false}
          value={draft.preCommand}
          onChange={change('preCommand')}
          error={errors.preCommand}
          placeholder="systemctl stop my-app"
          hint="Words as a shell splits them (quotes group words), run without a shell: ; | && are plain text. If it fails, nothing is installed on that device."
        />
        <TextField
          label="After installing"
          spellCheck={false}
          value={draft.postCommand}
          onChange={change('postCommand')}
          error={errors.postCommand}
          placeholder="systemctl start my-app"
          hint="Runs once the updates are in and checked (after the restart, when there is one). A command cut off by an interrupted job runs again when the job resumes: make both safe to repeat."
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">Rollout</legend>
        <div className="form-row form-row--2">
          <TextField
            label="Devices at once"
            inputMode="numeric"
            value={draft.concurrency}
            onChange={change('concurrency')}
            error={errors.concurrency}
          />
          <TextField
            label="Stop after failures (%)"
            inputMode="numeric"
            value={draft.maxFailPercent}
            onChange={change('maxFailPercent')}
            error={errors.maxFailPercent}
          />
          <TextField
            label="Ring gate: success (%)"
            inputMode="numeric"
            value={draft.minSuccessPercent}
            onChange={change('minSuccessPercent')}
            error={errors.minSuccessPercent}
            hint="Of the earlier ring, before the next starts."
          />
          <TextField
            label="Ring gate: soak (hours)"
            inputMode="numeric"
            value={draft.soakHours}
            onChange={change('soakHours')}
            error={errors.soakHours}
          />
        </div>
        <Checkbox
          label="Enabled"
          checked={draft.enabled}
          onChange={change('enabled')}
          description="A paused policy keeps its settings but starts nothing."
        />
      </fieldset>
    </Drawer>
  );
}
