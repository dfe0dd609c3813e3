import type { Device } from '../../../shared/domain/fleet';
import type { RebootPolicy } from '../../../shared/domain/jobs';
import type { CommandArgv } from '../../../shared/domain/policies';
import { isAppError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit-log';
import { findDeviceById } from '../db/repositories/devices';
import { listAvailableUpdates, listInstalledPackages } from '../db/repositories/inventory';
import {
  findJob,
  insertChange,
  listChanges,
  listJobDevices,
  listSteps,
  setJobDeviceFindings,
  type DeviceFailureStatus,
  type StepName,
  type StepRecord,
} from '../db/repositories/jobs';
import type { EngineContext } from '../engine-context';
import type { DeviceService } from '../fleet/devices';
import type { ScanOutcome, ScanService } from '../inventory/scan-service';
import { sshTargetFor } from '../inventory/ssh-target';
import type { JobJournal } from '../jobs/job-journal';
import { adapterFor, detectScript, parseDetection, ParseError } from '../platforms';
import type { InstallMode, InstallRun, PlatformDeployment, Preflight } from '../platforms/types';
import type { ConnectOptions, SshSession } from '../ssh/connect';
import type { SshPool } from '../ssh/pool';
import { changedSinceNote } from './changed-since';
import { pinOnFirstUse } from './first-use-pin';
import type { StreamedStep } from './output-coalescer';
import { outputTail, type PackageStep, type PlannedPackage } from './planned-package';
import { describeCommand, policyCommandScript } from './policy-command';
import { waitForReboot } from './reboot';
import { changesWithoutRescan } from './unverified-changes';
import { verifyChanges, type Rescan, type VerifiedChanges } from './verify-changes';

/** Below this much free space in the package cache an install is not started. */
export const minimumFreeBytes = 200 * 1024 * 1024;

export interface DeviceRunSettings {
  readonly jobId: number;
  readonly mode: InstallMode;
  readonly reboot: RebootPolicy;
  readonly commandTimeoutMs: number;
  readonly rebootTimeoutMs: number;
  readonly connect: Omit<ConnectOptions, 'signal'>;
  readonly preCommand: CommandArgv | null;
  readonly postCommand: CommandArgv | null;
  /** The window's end (ISO 8601), or null for a deployment started by hand. */
  readonly notAfter: string | null;
  readonly cancelRequested: () => boolean;
}

export interface DeviceRunDependencies {
  readonly context: EngineContext;
  readonly journal: JobJournal;
  readonly devices: DeviceService;
  readonly scans: ScanService;
  readonly pool: SshPool;
  /** The device's step and status; `error` is the final status's sentence, when there is one. */
  readonly progress: (
    step: StepName | 'done',
    status: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | DeviceFailureStatus,
    error?: string | null,
  ) => void;
  /** A chunk of live output of a step, as it arrives. */
  readonly output: (step: StreamedStep, chunk: string) => void;
}

/** Why a device's run stopped; the message is for the technician. */
class DeviceFailure extends Error {}

interface PreflightResult {
  readonly plan: readonly PackageStep[];
  readonly bootId: string | null;
}

interface VerifyResult {
  readonly rebootRequired: boolean;
  /** Absent in verify results journaled before updates could wait for a restart. */
  readonly awaitingRestart?: readonly PackageStep[];
}

function stepResult<T>(steps: readonly StepRecord[], step: StepName): T | null {
  const done = steps.find((entry) => entry.step === step && entry.status === 'succeeded');
  return done?.result ? (JSON.parse(done.result) as T) : null;
}

/**
 * CLI.md reports a device refused for a changed host key as `host-key-mismatch`, as scan does. The SSH layer says so
 * by the error's code, before any credential or command reached the device: at the first connect, or at one after a
 * reboot (the device then keeps what was installed, but nothing more runs on it).
 */
function failureStatusOf(error: unknown): DeviceFailureStatus | null {
  return isAppError(error) && error.code === 'host-key-mismatch' ? 'host-key-mismatch' : null;
}

function messageOf(error: unknown): string {
  if (error instanceof DeviceFailure || error instanceof ParseError || isAppError(error))
    return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * One device of a job, step by step, over one SSH session: pre-flight (records installed versions) → the policy's
 * pre-command → install → verify by rescan (and record each change in the audit log) → post-command; a reboot per
 * policy comes before the post-command and needs new sessions. Each step is journaled before it starts and when
 * it ends; a step the journal shows as succeeded is never run again, and an install that may have reached the
 * device is asked about (by its tag), never started a second time. After the window's end no device starts and no
 * reboot begins; a device already under way still gets its post-command.
 */
export async function runDevice(
  deps: DeviceRunDependencies,
  settings: DeviceRunSettings,
  device: Device,
  planned: readonly PlannedPackage[],
): Promise<'succeeded' | 'failed' | 'cancelled' | 'skipped'> {
  const { context, journal } = deps;
  const { database } = context;
  const { jobId } = settings;
  const steps = listSteps(database, jobId, device.id);
  const tag = `${jobId}-${device.id}`;
  const begun = (name: StepName) => steps.some((entry) => entry.step === name);
  const windowClosed = () =>
    settings.notAfter !== null && context.clock.now().getTime() >= Date.parse(settings.notAfter);
  // Nothing that changes the device has begun: the window's end or a cancel may still keep it untouched.
  const untouched = () => !begun('pre-command') && !begun('install');
  if (untouched() && windowClosed()) return skip();
  journal.deviceStatus(jobId, device.id, 'running');

  const step = async <T>(
    name: StepName,
    work: () => Promise<{ result: T; output?: string; failure?: string }>,
  ) => {
    deps.progress(name, 'running');
    const stepId = journal.stepStarted(jobId, device.id, name);
    try {
      const done = await work();
      journal.stepEnded(stepId, {
        status: done.failure === undefined ? 'succeeded' : 'failed',
        result: done.result,
        output: done.output ?? null,
        error: done.failure ?? null,
      });
      if (done.failure !== undefined) throw new DeviceFailure(done.failure);
      return done.result;
    } catch (error) {
      if (!(error instanceof DeviceFailure))
        journal.stepEnded(stepId, { status: 'failed', error: messageOf(error) });
      throw error;
    }
  };

  try {
    const secrets = await deps.devices.secrets(device.id);
    const target = sshTargetFor(device, secrets);
    // Each session meets the key pinned now, not the one the job started with: on a device never reached before,
    // the first session pins its key, and the sessions after a reboot must find that key, not trust whoever answers.
    const withSession = <T>(work: (session: SshSession) => Promise<T>) =>
      deps.pool.withSession(
        { ...target, pinnedHostKey: findDeviceById(database, device.id)?.hostKey ?? target.pinnedHostKey },
        work,
        { onHostKey: pinOnFirstUse(context, device) },
      );
    const runOptions = { timeoutMs: settings.commandTimeoutMs };
    const commandStep = (session: SshSession, deployment: PlatformDeployment, which: CommandStep) =>
      runPolicyCommand(deps, settings, session, deployment, which);

    let preflight = stepResult<PreflightResult>(steps, 'preflight');
    let install = stepResult<InstallRun>(steps, 'install');
    let verify = stepResult<VerifyResult>(steps, 'verify');
    const installInterrupted = steps.some(
      (entry) => entry.step === 'install' && entry.status === 'interrupted',
    );
    const rebootWanted = (result: VerifyResult) => shouldReboot(settings.reboot, result.rebootRequired);
    const postCommandDue = () => settings.postCommand !== null && stepResult(steps, 'post-command') === null;

    if (!preflight || !install || !verify || (!rebootWanted(verify) && postCommandDue())) {
      if (!install && !installInterrupted && settings.cancelRequested()) return cancel();
      await withSession(async (session) => {
        const deployment = await deploymentOf(device, session, runOptions);
        const checked =
          preflight ??
          (await step('preflight', async () => {
            const judged = await checkDevice(session, deployment, planned, settings.mode, runOptions);
            setJobDeviceFindings(database, jobId, device.id, { warnings: judged.warnings });
            return judged;
          }));
        preflight = checked;
        if (checked.plan.length === 0) return;
        if (untouched() && windowClosed()) throw new WindowClosed();
        if (!install && !installInterrupted && settings.cancelRequested()) throw new Cancelled();
        if (settings.preCommand !== null && stepResult(steps, 'pre-command') === null) {
          await step('pre-command', () => commandStep(session, deployment, 'pre-command'));
        }
        const plan = checked.plan;
        install ??= await step('install', async () => {
          const args = deployment.installArguments(
            tag,
            settings.mode,
            plan.map((pkg) => ({ name: pkg.name, version: settings.mode === 'downgrade' ? pkg.to : null })),
          );
          const following = followInstallLog(deps, session, deployment, tag);
          try {
            // After a restart the device is asked what became of the run; the tag stops it from starting twice.
            let run = installInterrupted
              ? deployment.parseInstall(await session.run(deployment.installStatusScript, [tag], runOptions))
              : null;
            if (run === null || (run.state === 'not-started' && !settings.cancelRequested())) {
              run = deployment.parseInstall(await session.run(deployment.installScript, args, runOptions));
            }
            return { result: run, output: run.output };
          } finally {
            await following.stop();
          }
        });
        if (install.state === 'not-started') return;
        const verified =
          verify ??
          (await step('verify', async () =>
            verifyByRescan(deps, settings, session, deployment, device, checked.plan, install!),
          ));
        verify = verified;
        if (!rebootWanted(verified) && postCommandDue()) {
          await step('post-command', () => commandStep(session, deployment, 'post-command'));
        }
      });
    }
    if (!preflight) throw new DeviceFailure('The pre-flight check did not complete.');
    if (preflight.plan.length === 0) return finish('succeeded', null);
    if (!install) throw new DeviceFailure('The install did not complete.');
    if (install.state === 'not-started') return cancel();
    if (!verify) throw new DeviceFailure('The verify did not complete.');
    const awaitingRestart = verify.awaitingRestart ?? [];
    const unverifiedUntilRestart = (why: string) =>
      addWarnings(
        awaitingRestart.map(
          (pkg) =>
            `${pkg.name} finishes installing at the next restart, which ${why}: it is not verified yet.`,
        ),
      );
    if (!rebootWanted(verify)) {
      unverifiedUntilRestart('the reboot policy leaves to the technician');
      return finish('succeeded', null);
    }

    if (stepResult(steps, 'reboot') === null) {
      const bootIdBefore = preflight.bootId;
      const rebooted = await step('reboot', async () => {
        // The rescan in the session that saw the new boot id, for the updates that finish at restart.
        let back = null as { rescan: ScanOutcome; deployment: PlatformDeployment } | null;
        const outcome = await waitForReboot({
          withSession,
          deploymentOf: (session) => deploymentOf(device, session, runOptions),
          bootIdBefore,
          timeoutMs: settings.rebootTimeoutMs,
          commandTimeoutMs: settings.commandTimeoutMs,
          mayStart: () => !windowClosed(),
          resumed: begun('reboot'),
          onBack: async (session) => {
            const rescan = await deps.scans.scanThroughSession(session, device, 'quick', {
              commandTimeoutMs: settings.commandTimeoutMs,
            });
            setJobDeviceFindings(database, jobId, device.id, {
              rebootRequired: rescan.status === 'ok' ? (rescan.rebootRequired ?? false) : true,
            });
            back = { rescan, deployment: await deploymentOf(device, session, runOptions) };
          },
        });
        if (!outcome.rebooted || awaitingRestart.length === 0) return { result: outcome };
        if (back === null || back.rescan.status !== 'ok') {
          const said =
            back === null
              ? 'did not run'
              : `ended ${back.rescan.status}: ${back.rescan.error ?? ''}`.trim().replace(/\.$/, '');
          return {
            result: outcome,
            failure: `Could not verify the updates that finish at restart: the rescan after the reboot ${said}.`,
          };
        }
        const problems = verifyAfterRestart(
          deps,
          settings,
          back.deployment,
          device,
          back.rescan,
          awaitingRestart,
        );
        return problems.length === 0
          ? { result: outcome }
          : { result: outcome, failure: `The device restarted, but ${problems.join('; ')}.` };
      });
      if (!rebooted.rebooted) {
        // The window closed before the reboot could start: the updates are in, the restart is left to the next one.
        // The post-command still runs: it finishes what the pre-command began (a stopped service is started again).
        setJobDeviceFindings(database, jobId, device.id, { rebootRequired: true });
        addWarnings([`reboot deferred: the maintenance window closed at ${settings.notAfter ?? 'its end'}.`]);
        unverifiedUntilRestart('the closed window deferred');
      }
    }
    if (postCommandDue()) {
      await withSession(async (session) => {
        const deployment = await deploymentOf(device, session, runOptions);
        await step('post-command', () => commandStep(session, deployment, 'post-command'));
      });
    }
    return finish('succeeded', null);
  } catch (error) {
    if (error instanceof Cancelled) return cancel();
    if (error instanceof WindowClosed) return skip();
    return finish('failed', messageOf(error), failureStatusOf(error));
  }

  function addWarnings(more: readonly string[]): void {
    if (more.length === 0) return;
    const warnings =
      listJobDevices(database, jobId).find((row) => row.deviceId === device.id)?.warnings ?? [];
    setJobDeviceFindings(database, jobId, device.id, { warnings: [...warnings, ...more] });
  }
  function cancel(): 'cancelled' {
    return settle('cancelled', 'The job was cancelled before the install started.');
  }
  function skip(): 'skipped' {
    return settle(
      'skipped',
      `Not started: the maintenance window closed at ${settings.notAfter ?? 'its end'}.`,
    );
  }
  function finish(
    status: 'succeeded' | 'failed',
    error: string | null,
    failureStatus: DeviceFailureStatus | null = null,
  ): 'succeeded' | 'failed' {
    return settle(status, error, failureStatus);
  }
  /** Journal the device's final status and tell the listeners, with the same words. */
  function settle<S extends 'succeeded' | 'failed' | 'cancelled' | 'skipped'>(
    status: S,
    error: string | null,
    failureStatus: DeviceFailureStatus | null = null,
  ): S {
    journal.deviceStatus(jobId, device.id, status, error, failureStatus);
    deps.progress('done', failureStatus ?? status, error);
    return status;
  }
}

type CommandStep = 'pre-command' | 'post-command';

/**
 * Run the policy's pre- or post-command with its output streamed. A non-zero exit (or a timeout) fails the step
 * with the command's own words; after a pre-command nothing is installed.
 */
async function runPolicyCommand(
  deps: DeviceRunDependencies,
  settings: DeviceRunSettings,
  session: SshSession,
  deployment: PlatformDeployment,
  which: CommandStep,
): Promise<{ result: { exitCode: number | null }; output: string; failure?: string }> {
  const argv = which === 'pre-command' ? settings.preCommand : settings.postCommand;
  if (argv === null) throw new Error(`There is no ${which} to run.`);
  const ran = await session.run(policyCommandScript(deployment), argv, {
    timeoutMs: settings.commandTimeoutMs,
    onOutput: (chunk) => deps.output(which, chunk),
  });
  const output = ran.stdout + ran.stderr;
  if (ran.exitCode === 0) return { result: { exitCode: 0 }, output };
  const consequence =
    which === 'pre-command' ? 'nothing was installed' : 'the updates stay installed and recorded';
  const said = outputTail(output);
  return {
    result: { exitCode: ran.exitCode },
    output,
    failure: `The ${which} (${describeCommand(argv)}) failed with exit code ${String(ran.exitCode)}${said === '' ? '' : `: ${said}`}; ${consequence}.`,
  };
}

/**
 * While the install runs, follow its log on a second channel of the same session and stream it; `stop` waits a
 * moment for the last lines, then ends the follower. The job's record keeps the complete output either way.
 */
function followInstallLog(
  deps: DeviceRunDependencies,
  session: SshSession,
  deployment: PlatformDeployment,
  tag: string,
): { stop: () => Promise<void> } {
  const follower = deployment.installLogScript;
  if (follower === undefined) return { stop: async () => {} };
  const abort = new AbortController();
  const following = session
    .run(follower, [tag], { signal: abort.signal, onOutput: (chunk) => deps.output('install', chunk) })
    .then(
      () => undefined,
      () => undefined,
    );
  return {
    async stop() {
      const grace = setTimeout(() => abort.abort(), 1_000);
      await following;
      clearTimeout(grace);
    },
  };
}

class WindowClosed extends Error {}
class Cancelled extends Error {}

function shouldReboot(policy: RebootPolicy, required: boolean): boolean {
  switch (policy) {
    case 'never':
      return false;
    case 'if-required':
      return required;
    case 'always':
      return true;
  }
}

/** The deployment side of the device's platform adapter; throws when Patchdeck cannot install on it. */
export async function deploymentOf(
  device: Device,
  session: SshSession,
  runOptions: { timeoutMs: number },
): Promise<PlatformDeployment> {
  const family = device.platform ?? parseDetection(await session.run(detectScript, [], runOptions)).family;
  const deployment = adapterFor(family)?.deployment;
  if (!deployment) throw new DeviceFailure(`Patchdeck cannot install updates on ${family} devices yet.`);
  return deployment;
}

/** Run the read-only pre-flight over an open session and judge what it found. */
export async function checkDevice(
  session: SshSession,
  deployment: PlatformDeployment,
  planned: readonly PlannedPackage[],
  mode: InstallMode,
  runOptions: { timeoutMs: number },
): Promise<ReturnType<typeof judgePreflight>> {
  const names = planned.map((pkg) => pkg.name);
  const output = await session.run(deployment.preflightScript, names, runOptions);
  return judgePreflight(deployment.parsePreflight(output, names), planned, mode);
}

/**
 * Turn the pre-flight findings into the plan for this device, or the reason not to touch it. An upgrade plans each
 * installed package at its candidate, and an update item no device has before (a Windows KB, an Apple update) as a
 * new install when it is offered; a package that is not installed is skipped with a warning. A rollback plans the
 * recorded version, or removing an item the deployment installed new (version null).
 */
export function judgePreflight(
  preflight: Preflight,
  planned: readonly PlannedPackage[],
  mode: InstallMode,
): { result: PreflightResult & { warnings: string[] }; failure?: string; warnings: string[] } {
  const warnings: string[] = [...(preflight.warnings ?? [])];
  if (preflight.rebootPending) warnings.push('A reboot was already pending before this job.');
  const plan: PackageStep[] = [];
  for (const pkg of planned) {
    const found = preflight.packages.find((entry) => entry.name === pkg.name);
    // Changed after the last scan the rollback was planned from: the device's own versions have the last word.
    if (mode === 'downgrade' && found && pkg.expected !== undefined && found.installed !== pkg.expected) {
      const change = { package: pkg.name, from: pkg.version, to: pkg.expected };
      warnings.push(
        `Not rolled back: ${changedSinceNote(change, found.installed === null ? [] : [found.installed], null)}`,
      );
      continue;
    }
    const newInstall =
      mode === 'upgrade' && found?.kind === 'update' && found.installed === null && found.candidate !== null;
    if (!found || (found.installed === null && !newInstall)) {
      warnings.push(
        found?.kind === 'update' && mode === 'upgrade'
          ? (found.rollbackNote ?? `${pkg.name} is not offered to this device.`)
          : `${pkg.name} is not installed, so there is nothing to ${mode === 'upgrade' ? 'update' : 'roll back'}.`,
      );
      continue;
    }
    const to = mode === 'upgrade' ? found.candidate : pkg.version;
    if (to === found.installed || (mode === 'upgrade' && to === null)) {
      warnings.push(`${pkg.name} is already at ${found.installed ?? 'its newest version'}.`);
      continue;
    }
    if (mode === 'upgrade' && !found.rollbackPossible && found.rollbackNote) {
      warnings.push(`Cannot be rolled back: ${found.rollbackNote}`);
    }
    plan.push({
      name: pkg.name,
      from: found.installed,
      to,
      rollbackPossible: found.rollbackPossible,
      rollbackNote: found.rollbackNote,
      ...(found.completesAtRestart === true ? { completesAtRestart: true } : {}),
    });
  }
  const result = { plan, bootId: preflight.bootId, warnings };
  if (preflight.lockHolder !== null) {
    return {
      result,
      warnings,
      failure: `The package manager is busy: ${preflight.lockHolder} holds its lock.`,
    };
  }
  if (preflight.freeBytes !== null && preflight.freeBytes < minimumFreeBytes && plan.length > 0) {
    return {
      result,
      warnings,
      failure: `Only ${Math.round(preflight.freeBytes / 1024 / 1024)} MB are free for the package cache; Patchdeck needs ${minimumFreeBytes / 1024 / 1024} MB to install.`,
    };
  }
  return { result, warnings };
}

/**
 * Record each change (and its audit entry) once: a verify killed after committing them runs again on resume. A
 * change no rescan verified carries `unverified`, the sentence saying how it was read, into its audit entry.
 */
function recordChanges(
  deps: DeviceRunDependencies,
  settings: DeviceRunSettings,
  device: Device,
  changed: readonly (VerifiedChanges['changed'][number] & { readonly unverified?: string })[],
): void {
  const { database, clock } = deps.context;
  // The job's own actor: a scheduled job's changes are the scheduler's, also when another process resumes it.
  const actor = findJob(database, settings.jobId)?.actor ?? deps.context.actor;
  const recorded = new Set(listChanges(database, settings.jobId, device.id).map((change) => change.package));
  for (const { step, after, unverified } of changed) {
    if (recorded.has(step.name)) continue;
    insertChange(database, {
      jobId: settings.jobId,
      deviceId: device.id,
      package: step.name,
      from: step.from,
      to: after,
      rollbackPossible: step.rollbackPossible,
      rollbackNote: step.rollbackNote,
    });
    appendAudit(database, clock.now(), actor, {
      action: settings.mode === 'upgrade' ? 'deploy.package-updated' : 'deploy.package-rolled-back',
      subjectType: 'device',
      subjectId: device.id,
      subjectName: device.name,
      details: {
        job: settings.jobId,
        package: step.name,
        from: step.from,
        to: after,
        ...(unverified === undefined ? {} : { verified: false, note: unverified }),
      },
    });
  }
}

/**
 * The rescan as verify reads it: the device's installed inventory and the updates it is still offered, as stored,
 * and from the rescan's own outcome which lists of offers it could read.
 */
function rescanOf(deps: DeviceRunDependencies, device: Device, outcome: ScanOutcome): Rescan {
  const { database } = deps.context;
  return {
    installed: listInstalledPackages(database, device.id),
    offered: listAvailableUpdates(database, [device.id]),
    ...(outcome.offerSources === undefined ? {} : { offerSources: outcome.offerSources }),
  };
}

/**
 * Rescan the device through the install's own session and compare what is installed (or still offered) now with
 * what the pre-flight recorded. Updates that finish only at restart are left for the check after the reboot, and
 * make the device need one.
 */
async function verifyByRescan(
  deps: DeviceRunDependencies,
  settings: DeviceRunSettings,
  session: SshSession,
  deployment: PlatformDeployment,
  device: Device,
  plan: readonly PackageStep[],
  install: InstallRun,
): Promise<{ result: VerifyResult; failure?: string }> {
  const { database } = deps.context;
  let outcome: ScanOutcome;
  try {
    outcome = await deps.scans.scanThroughSession(session, device, 'quick', {
      commandTimeoutMs: settings.commandTimeoutMs,
    });
  } catch (error) {
    return recordWithoutRescan(deps, settings, session, deployment, device, plan, install, {
      said: `failed: ${messageOf(error)}`,
    });
  }
  if (outcome.status !== 'ok') {
    return recordWithoutRescan(deps, settings, session, deployment, device, plan, install, {
      said: `ended ${outcome.status}: ${outcome.error ?? ''}`.trim(),
    });
  }
  const verified = verifyChanges(deployment, settings.mode, plan, rescanOf(deps, device, outcome));
  const awaitingRestart = verified.awaitingRestart;
  const rebootRequired = (outcome.rebootRequired ?? false) || awaitingRestart.length > 0;
  database.transaction(() => {
    recordChanges(deps, settings, device, verified.changed);
    setJobDeviceFindings(database, settings.jobId, device.id, { rebootRequired });
  });
  const result: VerifyResult = { rebootRequired, awaitingRestart };
  const { problems } = verified;
  if (install.state === 'lost') {
    return {
      result,
      failure: `The package manager stopped without reporting a result${problems.length > 0 ? `; ${problems.join('; ')}` : ''}.`,
    };
  }
  if (install.exitCode !== 0) {
    return {
      result,
      failure: `The package manager failed (exit code ${String(install.exitCode)}): ${outputTail(install.output)}`,
    };
  }
  if (problems.length > 0) {
    return {
      result,
      failure: `The package manager reported success, but ${problems.join('; ')}.`,
    };
  }
  return { result };
}

/**
 * The install ran but its rescan failed (timed out, or the connection dropped): what reached the device is recorded
 * all the same, so the audit trail and a rollback hold it, each change marked as not verified, and the device fails
 * as not verified. The versions are read again with the read-only pre-flight script, over the same session; what it
 * cannot show is recorded as planned only when the package manager reported success (see changesWithoutRescan).
 */
async function recordWithoutRescan(
  deps: DeviceRunDependencies,
  settings: DeviceRunSettings,
  session: SshSession,
  deployment: PlatformDeployment,
  device: Device,
  plan: readonly PackageStep[],
  install: InstallRun,
  rescan: { said: string },
): Promise<{ result: VerifyResult; failure: string }> {
  const { database } = deps.context;
  const said = rescan.said.replace(/\.$/, '');
  const names = plan.map((step) => step.name);
  let reread: Preflight | null = null;
  let rereadFailure: string | null = null;
  try {
    const output = await session.run(deployment.preflightScript, names, {
      timeoutMs: settings.commandTimeoutMs,
    });
    reread = deployment.parsePreflight(output, names);
  } catch (error) {
    rereadFailure = messageOf(error).replace(/\.$/, '');
  }
  const { changed, unknown } = changesWithoutRescan(plan, reread, install);
  const how = {
    'pre-flight': `read by the pre-flight check after the rescan ${said}; not verified by a rescan`,
    'package-manager': `reported installed by the package manager; not verified: the rescan ${said}${rereadFailure === null ? '' : ` and the pre-flight check could not read the versions (${rereadFailure})`}`,
  };
  // A restart still pending after the install is what the pre-flight's reboot flag says; unread, assume one.
  const rebootRequired = reread?.rebootPending ?? true;
  database.transaction(() => {
    recordChanges(
      deps,
      settings,
      device,
      changed.map((change) => ({ step: change.step, after: change.after, unverified: how[change.readBy] })),
    );
    setJobDeviceFindings(database, settings.jobId, device.id, { rebootRequired });
  });
  const recorded = changed.map(
    (change) =>
      `${change.step.name} ${change.step.from ?? 'new'} → ${change.after ?? 'removed'} (${change.readBy === 'pre-flight' ? 'read by the pre-flight check' : 'as the package manager reported'})`,
  );
  const parts = [
    ...(recorded.length > 0 ? [`recorded as not verified: ${recorded.join(', ')}`] : []),
    ...unknown,
  ];
  return {
    result: { rebootRequired },
    failure: `Could not verify the install: the rescan ${said}${parts.length > 0 ? `; ${parts.join('; ')}` : ''}. Scan the device to verify it.`,
  };
}

/**
 * After the reboot, the updates that were waiting for a restart must be gone from the rescan's offers: the ones
 * that are are recorded, the problems with the others returned.
 */
function verifyAfterRestart(
  deps: DeviceRunDependencies,
  settings: DeviceRunSettings,
  deployment: PlatformDeployment,
  device: Device,
  rescan: ScanOutcome,
  waiting: readonly PackageStep[],
): string[] {
  const verified = verifyChanges(deployment, settings.mode, waiting, rescanOf(deps, device, rescan), true);
  deps.context.database.transaction(() => recordChanges(deps, settings, device, verified.changed));
  return [...verified.problems];
}
