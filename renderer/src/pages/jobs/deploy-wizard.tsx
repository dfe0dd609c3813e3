import { useEffect, useMemo, useState } from 'react';
import type { RebootPolicy } from '../../../../shared/domain/jobs';
import { formatCount } from '../../format';
import { planDeployment, useDeployStore, type PatchChoice } from '../../stores/deploy-store';
import { useDevicesStore } from '../../stores/devices-store';
import { useJobsStore } from '../../stores/jobs-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SegmentedControl } from '../../ui/segmented-control';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';
import { SearchBox } from '../../ui/toolbar';

const choices: readonly { value: PatchChoice; label: string }[] = [
  { value: 'all-security', label: 'Security updates' },
  { value: 'all', label: 'All updates' },
  { value: 'packages', label: 'Chosen packages' },
];

const reboots: readonly { value: RebootPolicy; label: string }[] = [
  { value: 'never', label: 'Never reboot' },
  { value: 'if-required', label: 'Reboot if an update requires it' },
  { value: 'always', label: 'Always reboot' },
];

function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

/** A whole number in a range from a text field, or the sentence that says why not. */
function wholeNumber(text: string, min: number, max: number, what: string): number | string {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= min && value <= max
    ? value
    : `${what} must be a whole number from ${min} to ${max}.`;
}

/** Choose patches and devices → pre-flight summary → run now or leave it to the next maintenance window. */
export function DeployWizard({ onClose }: { readonly onClose: () => void }) {
  const patches = useDeployStore((state) => state.patches);
  const status = useDeployStore((state) => state.status);
  const loadError = useDeployStore((state) => state.loadError);
  const load = useDeployStore((state) => state.load);
  const request = useDeployStore((state) => state.request);
  const approveForNextWindow = useDeployStore((state) => state.approveForNextWindow);
  const devices = useDevicesStore((state) => state.devices);
  const loadDevices = useDevicesStore((state) => state.load);
  const deploy = useJobsStore((state) => state.deploy);

  const [step, setStep] = useState<'choose' | 'preflight'>('choose');
  const [choice, setChoice] = useState<PatchChoice>('all-security');
  const [packages, setPackages] = useState<ReadonlySet<string>>(new Set());
  const [deviceIds, setDeviceIds] = useState<ReadonlySet<number>>(new Set());
  const [packageSearch, setPackageSearch] = useState('');
  const [reboot, setReboot] = useState<RebootPolicy>('never');
  const [concurrency, setConcurrency] = useState('16');
  const [maxFail, setMaxFail] = useState('20');
  const [errors, setErrors] = useState<
    Partial<Record<'patches' | 'devices' | 'concurrency' | 'maxFail' | 'form', string>>
  >({});
  const [busy, setBusy] = useState(false);

  // The wizard is mounted per deployment, so every one starts from a clean sheet; only the data is re-read.
  useEffect(() => {
    void load();
    void loadDevices();
  }, [load, loadDevices]);

  const packageNames = useMemo(() => {
    const needle = packageSearch.trim().toLowerCase();
    return [...new Set(patches.map((patch) => patch.name))]
      .filter((name) => name.toLowerCase().includes(needle))
      .sort();
  }, [patches, packageSearch]);
  const missing = useMemo(() => new Set(patches.map((patch) => patch.deviceId)), [patches]);
  const candidates = devices.filter((device) => missing.has(device.id));
  const draft = { choice, packages, deviceIds };
  const summary = useMemo(
    () => planDeployment(patches, devices, { choice, packages, deviceIds }),
    [patches, devices, choice, packages, deviceIds],
  );
  const ready = summary.devices.filter((device) => device.blocker === null);

  const next = () => {
    const found: typeof errors = {};
    if (choice === 'packages' && packages.size === 0) found.patches = 'Choose at least one package.';
    if (deviceIds.size === 0) found.devices = 'Choose at least one device.';
    const c = wholeNumber(concurrency, 1, 1024, 'Concurrency');
    if (typeof c === 'string') found.concurrency = c;
    const m = wholeNumber(maxFail, 0, 100, 'The failure threshold');
    if (typeof m === 'string') found.maxFail = m;
    setErrors(found);
    if (Object.keys(found).length === 0) setStep('preflight');
  };

  const runNow = async () => {
    setBusy(true);
    const problem = await deploy(
      request(
        { ...draft, deviceIds: new Set(ready.map((device) => device.deviceId)) },
        { reboot, concurrency: Number(concurrency), maxFailPercent: Number(maxFail) },
      ),
    );
    setBusy(false);
    if (problem) return setErrors({ form: problem });
    onClose();
  };

  const nextWindow = async () => {
    setBusy(true);
    const names = [...new Set(ready.flatMap((device) => device.updates.map((patch) => patch.name)))];
    const problem = await approveForNextWindow(names);
    setBusy(false);
    if (problem) return setErrors({ form: problem });
    onClose();
  };

  const footer =
    step === 'choose' ? (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary">
          Pre-flight check
        </Button>
      </>
    ) : (
      <>
        <Button onClick={() => setStep('choose')}>Back</Button>
        <Button
          disabled={ready.length === 0}
          busy={busy}
          title="Approve these packages; each device's policy installs them in its next maintenance window"
          onClick={() => void nextWindow()}
        >
          In next window
        </Button>
        <Button variant="primary" disabled={ready.length === 0} busy={busy} onClick={() => void runNow()}>
          Run now on {ready.length} device{ready.length === 1 ? '' : 's'}
        </Button>
      </>
    );

  return (
    <Dialog
      open
      placement="side"
      title="Deploy updates"
      description={
        step === 'choose'
          ? 'Step 1 of 2: what to install, where, and how.'
          : 'Step 2 of 2: pre-flight summary.'
      }
      onClose={onClose}
      onSubmit={step === 'choose' ? next : undefined}
      footer={footer}
    >
      {status === 'failed' ? (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      ) : null}
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {step === 'choose' ? (
        <>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Updates</legend>
            <SegmentedControl label="Updates" value={choice} segments={choices} onChange={setChoice} />
            {choice === 'packages' ? (
              <>
                <SearchBox
                  label="Search packages"
                  placeholder="Search packages"
                  value={packageSearch}
                  onChange={setPackageSearch}
                />
                <div className="pick-list" role="group" aria-label="Packages">
                  {packageNames.map((name) => (
                    <label key={name} className="pick-list__item">
                      <input
                        type="checkbox"
                        className="checkbox__box"
                        checked={packages.has(name)}
                        onChange={() => setPackages(toggled(packages, name))}
                      />
                      <span className="cell-mono">{name}</span>
                    </label>
                  ))}
                </div>
              </>
            ) : null}
            {errors.patches ? (
              <p className="field__error" role="alert">
                {errors.patches}
              </p>
            ) : null}
          </fieldset>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Devices that miss updates</legend>
            <label className="pick-list__item">
              <input
                type="checkbox"
                className="checkbox__box"
                checked={candidates.length > 0 && candidates.every((device) => deviceIds.has(device.id))}
                onChange={(event) =>
                  setDeviceIds(new Set(event.target.checked ? candidates.map((device) => device.id) : []))
                }
              />
              <span>All {formatCount(candidates.length)} devices</span>
            </label>
            <div className="pick-list" role="group" aria-label="Devices">
              {candidates.map((device) => (
                <label key={device.id} className="pick-list__item">
                  <input
                    type="checkbox"
                    className="checkbox__box"
                    checked={deviceIds.has(device.id)}
                    onChange={() => setDeviceIds(toggled(deviceIds, device.id))}
                  />
                  <span>{device.name}</span>
                  <span className="cell-muted">{device.clientName}</span>
                </label>
              ))}
            </div>
            {errors.devices ? (
              <p className="field__error" role="alert">
                {errors.devices}
              </p>
            ) : null}
          </fieldset>
          <Select
            label="Reboot"
            value={reboot}
            options={reboots}
            onChange={(value) => setReboot(value as RebootPolicy)}
          />
          <div className="form-row form-row--2">
            <TextField
              label="Devices at once"
              inputMode="numeric"
              value={concurrency}
              onChange={setConcurrency}
              error={errors.concurrency}
            />
            <TextField
              label="Stop after failures (%)"
              inputMode="numeric"
              value={maxFail}
              onChange={setMaxFail}
              error={errors.maxFail}
              hint="Devices not yet started are skipped once this share of finished ones failed."
            />
          </div>
        </>
      ) : (
        <section className="preflight" aria-label="Pre-flight summary">
          <p>
            <strong>{formatCount(summary.updates)}</strong> update{summary.updates === 1 ? '' : 's'} on{' '}
            <strong>{ready.length}</strong> device{ready.length === 1 ? '' : 's'}
            {summary.rebootUpdates > 0 ? `; ${summary.rebootUpdates} of them ask for a reboot` : ''}. Reboot:{' '}
            {reboots.find((r) => r.value === reboot)?.label.toLowerCase()}.
          </p>
          {summary.irreversible.length > 0 ? (
            <div className="callout callout--warning" role="note">
              Cannot be rolled back by reinstalling: {summary.irreversible.join(', ')} (a kernel installs
              beside the old one; going back means booting it).
            </div>
          ) : null}
          <p className="cell-muted">
            Each device's pre-flight also checks reachability, disk space, the package manager's lock and
            whether the old versions can still be reinstalled; what cannot be rolled back shows as a warning
            on that device in the job.
          </p>
          <ul className="job-devices" aria-label="Planned devices">
            {summary.devices.map((device) => (
              <li key={device.deviceId} className="job-device">
                <div className="job-device__head">
                  <span className="cell-strong">{device.device}</span>
                  <span className="cell-muted">{device.client}</span>
                  {device.blocker === null ? (
                    <span className="cell-note">
                      {device.updates.length} update{device.updates.length === 1 ? '' : 's'}
                    </span>
                  ) : null}
                </div>
                {device.blocker ? (
                  <p className="job-device__warning">Skipped: {device.blocker}</p>
                ) : (
                  <p className="cell-mono">
                    {device.updates.map((patch) => `${patch.name} ${patch.availableVersion}`).join(', ')}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Dialog>
  );
}
