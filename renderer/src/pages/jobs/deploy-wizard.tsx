import { useEffect, useMemo, useRef, useState } from 'react';
import type { PreflightSummary, RebootPolicy } from '../../../../shared/domain/jobs';
import type { DeviceMissingUpdates } from '../../../../shared/domain/patch-groups';
import { formatCount, formatCountOf } from '../../format';
import { useDeployStore, type PatchChoice } from '../../stores/deploy-store';
import { useJobsStore } from '../../stores/jobs-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SegmentedControl } from '../../ui/segmented-control';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';
import { SearchBox } from '../../ui/toolbar';
import { DecisionBadge } from '../patches/decision-badge';
import { PreflightTable, readyDevices } from './preflight-summary';
import { WindowChoice, emptyWindowDraft, windowOf, type WindowDraft } from './window-choice';
import { FormError } from '../../ui/form-error';

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

/** "4 updates, 1 security": what the last scan found missing on a device. */
function MissingCounts({ counts }: { readonly counts: DeviceMissingUpdates }) {
  return (
    <span className="cell-note">
      {formatCountOf(counts.missing, 'update')}
      {counts.security > 0 ? `, ${formatCount(counts.security)} security` : ''}
    </span>
  );
}

type Step = 'choose' | 'preflight' | 'when';
const descriptions: Readonly<Record<Step, string>> = {
  choose: 'Step 1 of 3: what to install, where, and how.',
  preflight: 'Step 2 of 3: pre-flight on every device (nothing is installed yet).',
  when: 'Step 3 of 3: leave it to a maintenance window.',
};

/** Choose patches and devices → the engine's pre-flight per device → run now or in the next maintenance window. */
export function DeployWizard({ onClose }: { readonly onClose: () => void }) {
  const groups = useDeployStore((state) => state.groups);
  const missing = useDeployStore((state) => state.missing);
  const status = useDeployStore((state) => state.status);
  const loadError = useDeployStore((state) => state.loadError);
  const load = useDeployStore((state) => state.load);
  const request = useDeployStore((state) => state.request);
  const preflight = useDeployStore((state) => state.preflight);
  const plan = useDeployStore((state) => state.plan);
  const deploy = useJobsStore((state) => state.deploy);

  const [step, setStep] = useState<Step>('choose');
  const [summary, setSummary] = useState<PreflightSummary | null>(null);
  const [windowDraft, setWindowDraft] = useState<WindowDraft>(emptyWindowDraft);
  const [windowErrors, setWindowErrors] = useState<{ start?: string; hours?: string }>({});
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
  // Bumped by every pre-flight and every step change: an answer that arrives after either is for a choice the
  // technician has since left (a device unticked), and taking it would let Deploy reach that device.
  const preflightAttempt = useRef(0);

  // The wizard is mounted per deployment, so every one starts from a clean sheet; only the data is re-read.
  useEffect(() => void load(), [load]);

  const packageChoices = useMemo(() => {
    const needle = packageSearch.trim().toLowerCase();
    return groups
      .filter((group) => group.package.toLowerCase().includes(needle))
      .sort((a, b) => a.package.localeCompare(b.package));
  }, [groups, packageSearch]);
  // Every device that misses something, whatever the Devices page is filtered to, by client and name.
  const candidates = useMemo(
    () =>
      [...missing].sort((a, b) => a.clientName.localeCompare(b.clientName) || a.name.localeCompare(b.name)),
    [missing],
  );
  const draft = { choice, packages, deviceIds };
  const options = { reboot, concurrency: Number(concurrency), maxFailPercent: Number(maxFail) };
  const ready = summary ? readyDevices(summary) : [];
  // A device unreachable now (a laptop that is off) may well be there when its window opens: plan it too.
  const plannable = summary
    ? summary.devices.filter((device) => device.status === 'ready' || device.status === 'unreachable')
    : [];

  const next = async () => {
    const found: typeof errors = {};
    if (choice === 'packages' && packages.size === 0) found.patches = 'Choose at least one package.';
    if (deviceIds.size === 0) found.devices = 'Choose at least one device.';
    const c = wholeNumber(concurrency, 1, 1024, 'Concurrency');
    if (typeof c === 'string') found.concurrency = c;
    const m = wholeNumber(maxFail, 0, 100, 'The failure threshold');
    if (typeof m === 'string') found.maxFail = m;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSummary(null);
    setStep('preflight');
    setBusy(true);
    const attempt = ++preflightAttempt.current;
    const outcome = await preflight(request(draft, options));
    if (attempt !== preflightAttempt.current) return;
    setBusy(false);
    if (typeof outcome === 'string')
      setErrors({
        form: `The pre-flight could not run: ${outcome} Go back to change the devices or updates.`,
      });
    else setSummary(outcome);
  };

  const runNow = async () => {
    setBusy(true);
    const problem = await deploy(
      request({ ...draft, deviceIds: new Set(ready.map((device) => device.deviceId)) }, options),
    );
    setBusy(false);
    if (problem) return setErrors({ form: problem });
    onClose();
  };

  const planForWindow = async () => {
    const chosen = windowOf(windowDraft);
    if ('errors' in chosen) return setWindowErrors(chosen.errors);
    setWindowErrors({});
    setBusy(true);
    const problem = await plan({
      request: request({ ...draft, deviceIds: new Set(plannable.map((device) => device.deviceId)) }, options),
      ...(chosen.window ? { window: chosen.window } : {}),
    });
    setBusy(false);
    if (problem) return setErrors({ form: problem });
    onClose();
  };

  const back = (to: Step) => {
    preflightAttempt.current += 1;
    setErrors({});
    setStep(to);
  };

  let footer;
  if (step === 'choose') {
    footer = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary">
          Pre-flight check
        </Button>
      </>
    );
  } else if (step === 'preflight') {
    footer = (
      <>
        <Button onClick={() => back('choose')}>Back</Button>
        <Button
          key="to-window"
          disabled={plannable.length === 0}
          title="Plan a one-off deployment that starts when the maintenance window opens"
          onClick={() => back('when')}
        >
          In the next window…
        </Button>
        <Button variant="primary" disabled={ready.length === 0} busy={busy} onClick={() => void runNow()}>
          Deploy to {formatCountOf(ready.length, 'ready device')}
        </Button>
      </>
    );
  } else {
    footer = (
      <>
        <Button onClick={() => back('preflight')}>Back</Button>
        {/* Keyed apart from "In the next window…": a reused button turned submit would submit the click itself. */}
        <Button key="plan" type="submit" variant="primary" busy={busy}>
          Plan for {formatCountOf(plannable.length, 'device')}
        </Button>
      </>
    );
  }

  return (
    <Dialog
      open
      placement="side"
      title="Deploy updates"
      description={descriptions[step]}
      onClose={onClose}
      onSubmit={
        step === 'choose' ? () => void next() : step === 'when' ? () => void planForWindow() : undefined
      }
      footer={footer}
    >
      {/* Marks the drawer as the wizard's, which is wider for the per-device table (see operations.css). */}
      <span className="deploy-wizard" hidden />
      {status === 'failed' ? <FormError message={loadError} /> : null}
      <FormError message={errors.form} />
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
                  {packageChoices.map((group) => (
                    <label key={group.package} className="pick-list__item">
                      <input
                        type="checkbox"
                        className="checkbox__box"
                        checked={packages.has(group.package)}
                        onChange={() => setPackages(toggled(packages, group.package))}
                      />
                      <span className="cell-mono">{group.package}</span>
                      {/* Decisions steer automation; a manual deployment may still install it, knowingly. */}
                      {group.decision ? <DecisionBadge decision={group.decision} /> : null}
                      <span className="cell-muted">on {formatCountOf(group.devices, 'device')}</span>
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
                checked={
                  candidates.length > 0 && candidates.every((device) => deviceIds.has(device.deviceId))
                }
                onChange={(event) =>
                  setDeviceIds(
                    new Set(event.target.checked ? candidates.map((device) => device.deviceId) : []),
                  )
                }
              />
              <span>All {formatCount(candidates.length)} devices</span>
            </label>
            <div className="pick-list" role="group" aria-label="Devices">
              {candidates.map((device) => (
                <label key={device.deviceId} className="pick-list__item">
                  <input
                    type="checkbox"
                    className="checkbox__box"
                    checked={deviceIds.has(device.deviceId)}
                    onChange={() => setDeviceIds(toggled(deviceIds, device.deviceId))}
                  />
                  <span>{device.name}</span>
                  <span className="cell-muted">{device.clientName}</span>
                  <MissingCounts counts={device} />
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
      ) : step === 'preflight' ? (
        <section className="preflight" aria-label="Pre-flight summary">
          {summary ? (
            <PreflightTable summary={summary} />
          ) : errors.form ? null : (
            <p className="cell-muted" role="status">
              Connecting to {formatCountOf(deviceIds.size, 'device')} for a read-only pre-flight…
            </p>
          )}
        </section>
      ) : (
        <section className="preflight" aria-label="When">
          <WindowChoice
            draft={windowDraft}
            errors={windowErrors}
            onChange={(changed) => {
              // An error describes the value it was about: once the value changes it no longer applies.
              setWindowDraft(changed);
              setWindowErrors({});
            }}
          />
          <p className="cell-muted">
            {formatCountOf(plannable.length, 'device')}: {ready.length} ready now
            {plannable.length > ready.length ? `, ${plannable.length - ready.length} unreachable now` : ''}.
            Each is checked again when its window opens; until then you can cancel the plan on the Jobs page.
          </p>
        </section>
      )}
    </Dialog>
  );
}
