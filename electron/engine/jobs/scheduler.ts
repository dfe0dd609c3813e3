import { randomUUID } from 'node:crypto';
import type { Ring } from '../../../shared/domain/fleet';
import type {
  ApprovalDecision,
  CommandArgv,
  DueEntry,
  Policy,
  PolicyReboot,
} from '../../../shared/domain/policies';
import { appendAudit, schedulerActor } from '../audit/audit-log';
import {
  claimPolicyRun,
  dataChangeToken,
  finishPolicyRunStart,
  listApprovalDecisions,
  listDeviceJobOutcomes,
  listExceptionRows,
  listPolicyRows,
  listPolicyRuns,
  listScheduledDevices,
  listScheduledUpdatesByDevice,
  type DeviceJobOutcome,
  type ExceptionRow,
  type PolicyRunRow,
  type ScheduledDeviceRow,
  type ScheduledUpdateRow,
} from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import { indexDecisions } from '../policy/approval-rules';
import { planDevice, prepareUpdates, whyNothing, type PreparedUpdate } from '../policy/device-plan';
import { exceptionExpired, indexExceptions } from '../policy/exception-rules';
import { policyFromRow } from '../policy/policy-service';
import { deviceInScope } from '../policy/policy-scope';
import { ringGate, type GateDecision, type RingOutcome } from '../policy/ring-gate';
import type { DeviceFacts } from '../policy/update-facts';
import { openOccurrenceAt, parseWindowSpec, type MaintenanceWindowOccurrence } from '../policy/windows';
import { finalStatus } from './final-status';
import { createPlannedDeployments, type PlannedDeployments } from './planned-deployments';

/** What the scheduler asks the deploy engine to do for one policy in one window occurrence. */
export interface ScheduledDeployment {
  /** Null for a planned deployment in a window the technician picked. */
  readonly policyId: number | null;
  readonly policyName: string;
  readonly occurrenceKey: string;
  readonly windowStart: Date;
  /** Nothing (a reboot least of all) may start after this instant. */
  readonly windowEnd: Date;
  readonly devices: readonly {
    readonly deviceId: number;
    readonly device: string;
    readonly packages: readonly string[];
  }[];
  readonly reboot: PolicyReboot;
  readonly concurrency: number;
  readonly maxFailPercent: number;
  readonly preCommand: CommandArgv | null;
  readonly postCommand: CommandArgv | null;
}

/** How a started deployment ended (or, for an engine that does not wait, that it started). */
export interface DeploymentOutcome {
  readonly jobId: number | null;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';
}

/** A deployment the deploy engine has written and started; `finished` settles when its job ends. */
export interface StartedDeployment {
  readonly jobId: number | null;
  readonly finished: Promise<DeploymentOutcome>;
}

/**
 * The deploy engine's entry point as the scheduler needs it. It is called only after this window occurrence was
 * claimed in the database, so it runs once however many schedulers are running. It resolves once the job is
 * written and running, not when it ends: a long job must not hold back the next window's start.
 */
export type StartDeployment = (deployment: ScheduledDeployment) => Promise<StartedDeployment>;

/** `wait`: also wait for the started jobs to end (`schedule run` does; the app's background scheduler does not). */
export interface RunDueOptions {
  readonly wait?: boolean;
}

/** One policy's work in one open window occurrence, with each device's plan. */
export interface DuePolicyRun {
  readonly policy: Policy;
  readonly occurrence: MaintenanceWindowOccurrence;
  /**
   * The ledger key: the occurrence's key and the window as written, so two windows of a policy never collide; once
   * the policy started a run in a window overlapping this occurrence, that run's key (see startedRunOverlapping).
   */
  readonly runKey: string;
  readonly entries: DueEntry[];
  readonly deployment: ScheduledDeployment;
}

export interface ScheduleRunResult {
  readonly policy: string;
  readonly runKey: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly devices: number;
  /** `already-started`: another scheduler (or an earlier run) claimed this occurrence first. */
  readonly outcome: 'started' | 'already-started' | 'failed';
  readonly jobId: number | null;
  readonly status: DeploymentOutcome['status'] | null;
  readonly error: string | null;
}

export interface Scheduler {
  /** Dry run: policies × devices whose window is open at `at`, with what each would deploy. */
  due(at: Date): DueEntry[];
  /** The policy runs open at `at` that have something to deploy (the scheduler's own working list). */
  plan(at: Date): DuePolicyRun[];
  /** Start what is due now (claiming each occurrence first); with `wait` (the default) wait for the deployments. */
  runDue(options?: RunDueOptions): Promise<ScheduleRunResult[]>;
  /** One-off deployments the technician left to a window; runDue starts them when their window opens. */
  readonly planned: PlannedDeployments;
  /** While the app runs: look every `intervalMs` and start what is due. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

const RING_ORDER: readonly Ring[] = ['test', 'pilot', 'broad'];

interface FleetSnapshot {
  readonly token: string;
  readonly policies: readonly Policy[];
  readonly devices: readonly ScheduledDeviceRow[];
  readonly updatesByDevice: ReadonlyMap<number, readonly ScheduledUpdateRow[]>;
  readonly firstSeenInFleet: ReadonlyMap<string, string>;
  readonly decisions: ReadonlyMap<string, ApprovalDecision>;
  readonly exceptions: readonly ExceptionRow[];
}

/** Build the scheduler; `startDeployment` is the deploy engine's entry point (see StartDeployment). */
export function createScheduler(context: EngineContext, startDeployment: StartDeployment): Scheduler {
  const { database, clock, log } = context;
  const claimant = `${process.pid}:${randomUUID()}`;
  const planned = createPlannedDeployments(context, startDeployment, claimant);

  /**
   * The fleet as the rules read it, kept until the database changes: the app asks every minute and most minutes
   * nothing changed, so the whole-fleet reads are done again only after a write (here or in another process).
   */
  let snapshot: FleetSnapshot | null = null;
  // Parsing a policy's settings with zod is the slow part of reading it; most writes leave policies unchanged.
  let parsedPolicies = new Map<string, Policy>();
  const policyOf = (row: ReturnType<typeof listPolicyRows>[number]): Policy => {
    const key = JSON.stringify(row);
    return parsedPolicies.get(key) ?? policyFromRow(row);
  };
  const fleet = (): FleetSnapshot => {
    const token = dataChangeToken(database);
    if (snapshot?.token === token) return snapshot;
    const updatesByDevice = listScheduledUpdatesByDevice(database);
    const firstSeenInFleet = new Map<string, string>();
    for (const update of [...updatesByDevice.values()].flat()) {
      const key = update.name.toLowerCase();
      const seen = firstSeenInFleet.get(key);
      if (seen === undefined || update.firstSeenAt < seen) firstSeenInFleet.set(key, update.firstSeenAt);
    }
    const rows = listPolicyRows(database);
    const keyed = rows.map((row) => [JSON.stringify(row), policyOf(row)] as const);
    parsedPolicies = new Map(keyed);
    snapshot = {
      token,
      policies: keyed.map(([, policy]) => policy).filter((policy) => policy.enabled),
      devices: listScheduledDevices(database),
      updatesByDevice,
      firstSeenInFleet,
      decisions: indexDecisions(listApprovalDecisions(database)),
      exceptions: listExceptionRows(database),
    };
    return snapshot;
  };

  const plan = (at: Date): DuePolicyRun[] => {
    const {
      policies,
      devices,
      updatesByDevice,
      firstSeenInFleet,
      decisions,
      exceptions: allExceptions,
    } = fleet();
    const open = policies.flatMap((policy) => {
      const found = openWindow(policy, at);
      return found ? [{ policy, ...found }] : [];
    });
    if (open.length === 0) return [];
    const exceptions = indexExceptions(allExceptions.filter((exception) => !exceptionExpired(exception, at)));
    const runs = listPolicyRuns(
      database,
      isoInstant(new Date(Math.min(...open.map(({ occurrence }) => occurrence.start.getTime())))),
      isoInstant(new Date(Math.max(...open.map(({ occurrence }) => occurrence.end.getTime())))),
    );
    // Exceptions and decisions do not depend on the policy: answer them once per device, for every policy.
    const prepared = new Map<number, PreparedUpdate[]>();
    const preparedFor = (device: DeviceFacts): PreparedUpdate[] => {
      let list = prepared.get(device.id);
      if (!list) {
        list = prepareUpdates(device, updatesByDevice.get(device.id) ?? [], decisions, exceptions, at);
        prepared.set(device.id, list);
      }
      return list;
    };

    return open.map(({ policy, occurrence, window }) => {
      const earlier = startedRunOverlapping(runs, policy.id, occurrence);
      const runKey = earlier?.occurrenceKey ?? `${occurrence.key} ${window}`;
      const scoped = devices.filter((device) => deviceInScope(policy.clientId, policy.scope, device));
      // A policy narrowed to one ring (`policy add --ring pilot`) still waits for the earlier rings among the
      // devices it would otherwise cover, usually deployed by a sibling policy (`--ring test`): else it never waits.
      const everyRing = { ...policy.scope, rings: [] };
      const promoted = devices.filter((device) => deviceInScope(policy.clientId, everyRing, device));
      const gate = ringGateFor(policy, promoted, firstSeenInFleet, updatesByDevice, at);
      const alreadyStarted = earlier !== undefined;
      const windowStart = isoInstant(occurrence.start);
      const windowEnd = isoInstant(occurrence.end);
      const entries: DueEntry[] = [];
      const deploymentDevices: ScheduledDeployment['devices'][number][] = [];
      for (const device of scoped) {
        const devicePlan = planDevice({
          policy,
          ring: device.ring,
          updates: preparedFor(device),
          gate,
          now: at,
        });
        const reason = whyNothing(devicePlan);
        entries.push({
          policy: policy.name,
          device: device.name,
          action: devicePlan.packages.length > 0 ? 'deploy' : devicePlan.held.length > 0 ? 'hold' : 'nothing',
          windowStart,
          windowEnd,
          packages: devicePlan.packages,
          reason,
          started: alreadyStarted,
        });
        if (devicePlan.packages.length > 0)
          deploymentDevices.push({ deviceId: device.id, device: device.name, packages: devicePlan.packages });
      }
      return {
        policy,
        occurrence,
        runKey,
        entries,
        deployment: {
          policyId: policy.id,
          policyName: policy.name,
          occurrenceKey: runKey,
          windowStart: occurrence.start,
          windowEnd: occurrence.end,
          devices: deploymentDevices,
          reboot: policy.reboot,
          concurrency: policy.concurrency,
          maxFailPercent: policy.maxFailPercent,
          preCommand: policy.preCommand,
          postCommand: policy.postCommand,
        },
      };
    });
  };

  /**
   * Ring gates for one policy, answered once per package and ring; reads the job journal only when asked.
   * `promoted`: the devices whose rings the rollout moves through (the policy's scope whatever the ring).
   */
  const ringGateFor = (
    policy: Policy,
    promoted: readonly ScheduledDeviceRow[],
    firstSeenInFleet: ReadonlyMap<string, string>,
    updatesByDevice: ReadonlyMap<number, readonly ScheduledUpdateRow[]>,
    at: Date,
  ): ((packageName: string, ring: Ring) => GateDecision) => {
    const ringsWithDevices = new Set(promoted.map((device) => device.ring));
    const ringOf = new Map(promoted.map((device) => [device.id, device.ring]));
    const answers = new Map<string, GateDecision>();
    let outcomes: ReturnType<typeof listDeviceJobOutcomes> | null = null;
    let missingIn: ReadonlyMap<string, ReadonlySet<Ring>> | null = null;
    return (packageName, ring) => {
      if (ring === RING_ORDER.find((first) => ringsWithDevices.has(first))) return { open: true };
      const key = `${packageName.toLowerCase()} ${ring}`;
      const known = answers.get(key);
      if (known) return known;
      // The earliest sighting anywhere: jobs from before this update existed say nothing about it.
      const since = firstSeenInFleet.get(packageName.toLowerCase()) ?? at.toISOString();
      outcomes ??= listDeviceJobOutcomes(database, [...ringOf.keys()], '');
      const attempts = outcomes.filter(
        (outcome) =>
          outcome.createdAt >= since &&
          outcome.packages.some((name) => name.toLowerCase() === packageName.toLowerCase()),
      );
      missingIn ??= ringsMissing(promoted, updatesByDevice);
      const ringsInScope = ringsConcerned(
        promoted,
        missingIn.get(packageName.toLowerCase()),
        attempts,
        since,
      );
      const relevant: RingOutcome[] = latestAttemptPerDevice(attempts).flatMap((outcome) => {
        const deviceRing = ringOf.get(outcome.deviceId);
        return deviceRing === undefined
          ? []
          : [
              {
                deviceId: outcome.deviceId,
                ring: deviceRing,
                // Rolled back: the technician undid it because it broke something, which is what a ring is for.
                status: outcome.rolledBack ? 'failed' : (outcome.status as RingOutcome['status']),
                finishedAt: outcome.finishedAt,
              },
            ];
      });
      const answer = ringGate({
        packageName,
        ring,
        ringsInScope,
        gate: policy.rollout,
        maxFailPercent: policy.maxFailPercent,
        outcomes: relevant,
        now: at,
      });
      answers.set(key, answer);
      return answer;
    };
  };

  const startRun = async (run: DuePolicyRun, at: Date, wait: boolean): Promise<ScheduleRunResult> => {
    const base = {
      policy: run.policy.name,
      runKey: run.runKey,
      windowStart: isoInstant(run.occurrence.start),
      windowEnd: isoInstant(run.occurrence.end),
      devices: run.deployment.devices.length,
    };
    // The claim commits before the deploy engine hears of it: a crash after this point leaves a 'starting' row
    // for the technician to see, never a second start. The overlap is looked up again inside the claim's write
    // lock: another scheduler may have started this night's run, under the window's older text, since plan().
    const claimed = database.transaction(() => {
      const ledger = listPolicyRuns(database, base.windowStart, base.windowEnd);
      const earlier = startedRunOverlapping(ledger, run.policy.id, run.occurrence);
      if (earlier) return { won: false, runKey: earlier.occurrenceKey };
      const won = claimPolicyRun(database, {
        policyId: run.policy.id,
        occurrenceKey: run.runKey,
        windowStart: base.windowStart,
        windowEnd: base.windowEnd,
        claimedBy: claimant,
        claimedAt: at.toISOString(),
        deviceIds: run.deployment.devices.map((device) => device.deviceId),
      });
      if (won) {
        appendAudit(database, at, schedulerActor, {
          action: 'schedule.run-claimed',
          subjectType: 'policy',
          subjectId: run.policy.id,
          subjectName: run.policy.name,
          details: { occurrence: run.runKey, devices: run.deployment.devices },
        });
      }
      return { won, runKey: run.runKey };
    });
    if (!claimed.won) {
      const holder = { ...base, runKey: claimed.runKey };
      return { ...holder, outcome: 'already-started', jobId: null, status: null, error: null };
    }
    try {
      const started = await startDeployment(run.deployment);
      finishPolicyRunStart(database, run.policy.id, run.runKey, {
        status: 'started',
        jobId: started.jobId,
        error: null,
      });
      const finished = finalStatus(started, `policy ${run.policy.name} (${run.runKey})`, log);
      const status = wait ? await finished : 'running';
      return { ...base, outcome: 'started', jobId: started.jobId, status, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(
        `scheduled deployment of policy ${run.policy.name} (${run.runKey}) failed to start: ${message}`,
      );
      finishPolicyRunStart(database, run.policy.id, run.runKey, {
        status: 'failed',
        jobId: null,
        error: message,
      });
      return { ...base, outcome: 'failed', jobId: null, status: null, error: message };
    }
  };

  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<unknown> = Promise.resolve();

  const runDue = async ({ wait = true }: RunDueOptions = {}): Promise<ScheduleRunResult[]> => {
    const at = clock.now();
    const runs = plan(at).filter((run) => run.deployment.devices.length > 0);
    const [policyRuns, plannedRuns] = await Promise.all([
      Promise.all(runs.map((run) => startRun(run, at, wait))),
      planned.startDue(at, wait),
    ]);
    return [...policyRuns, ...plannedRuns];
  };

  return {
    due: (at) => plan(at).flatMap((run) => run.entries),
    plan,
    runDue,
    planned,
    start(intervalMs = 60_000) {
      if (timer) return;
      const tick = () => {
        // Only the claims and starts are chained: a job runs on by itself, so the next window is never held back.
        ticking = ticking
          .then(() => runDue({ wait: false }))
          .catch((error: unknown) => {
            log.error(
              `the scheduler could not look for due work: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
      };
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
    },
  };
}

/** For each package (lower-cased), the rings with a device that misses it now. */
function ringsMissing(
  devices: readonly ScheduledDeviceRow[],
  updatesByDevice: ReadonlyMap<number, readonly ScheduledUpdateRow[]>,
): Map<string, Set<Ring>> {
  const missing = new Map<string, Set<Ring>>();
  for (const device of devices) {
    for (const update of updatesByDevice.get(device.id) ?? []) {
      const name = update.name.toLowerCase();
      const rings = missing.get(name) ?? new Set<Ring>();
      rings.add(device.ring);
      missing.set(name, rings);
    }
  }
  return missing;
}

/**
 * The rings a package moves through: those with a device that misses it, has tried it since it turned up
 * (`since`), or has not been scanned since then (it may miss it unseen). A ring whose devices were all scanned since
 * and have nothing of it to update (another platform, or already current) has nothing to prove for it and is passed
 * over like a ring without devices: else the rings after it would wait for it forever.
 */
function ringsConcerned(
  devices: readonly ScheduledDeviceRow[],
  missingIn: ReadonlySet<Ring> | undefined,
  attempts: readonly DeviceJobOutcome[],
  since: string,
): Set<Ring> {
  const rings = new Set<Ring>(missingIn);
  const attempted = new Set(attempts.map((attempt) => attempt.deviceId));
  for (const device of devices) {
    const scannedSince =
      device.lastGoodScanAt !== null && Date.parse(device.lastGoodScanAt) >= Date.parse(since);
    if (attempted.has(device.id) || !scannedSince) rings.add(device.ring);
  }
  return rings;
}

/** Windows have minute resolution: CLI.md writes their instants without milliseconds. */
function isoInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The policy's window open at `at`, if any: with several windows, the one that opened first. A window that was
 * missed while the machine was off is found here only while it is still open, so it is never run late.
 */
function openWindow(
  policy: Policy,
  at: Date,
): { occurrence: MaintenanceWindowOccurrence; window: string } | null {
  let found: { occurrence: MaintenanceWindowOccurrence; window: string } | null = null;
  for (const window of policy.windows) {
    const occurrence = openOccurrenceAt(parseWindowSpec(window), policy.effectiveTimeZone, at);
    if (occurrence && (found === null || occurrence.start < found.occurrence.start))
      found = { occurrence, window };
  }
  return found;
}

/**
 * The run this policy already claimed in a window overlapping `occurrence`, if any. Keys alone cannot tell: a
 * window edited while it is open ("22:00-02:00" to "22:30-03:00") keys tonight anew, and a second job would start
 * on devices the first may still be working on. Overlap in time is the rule instead, so a policy starts at most
 * one run while any of its windows is open; a window moved to a time that does not overlap (another day, the next
 * occurrence) starts as usual.
 */
function startedRunOverlapping(
  runs: readonly PolicyRunRow[],
  policyId: number,
  occurrence: MaintenanceWindowOccurrence,
): PolicyRunRow | undefined {
  return runs.find(
    (run) =>
      run.policyId === policyId &&
      Date.parse(run.windowStart) < occurrence.end.getTime() &&
      Date.parse(run.windowEnd) > occurrence.start.getTime(),
  );
}

/**
 * Each device's latest attempt at a package, in the order its jobs were created: a retry that succeeded clears the
 * failure before it, and a later failure outweighs an earlier success. A cancelled or skipped attempt installed
 * nothing, so it neither clears nor replaces the attempt before it.
 */
function latestAttemptPerDevice(attempts: readonly DeviceJobOutcome[]): DeviceJobOutcome[] {
  const latest = new Map<number, DeviceJobOutcome>();
  for (const attempt of attempts) {
    if (attempt.status === 'cancelled' || attempt.status === 'skipped') continue;
    const known = latest.get(attempt.deviceId);
    const later =
      known === undefined ||
      attempt.createdAt > known.createdAt ||
      (attempt.createdAt === known.createdAt && attempt.jobId > known.jobId);
    if (later) latest.set(attempt.deviceId, attempt);
  }
  return [...latest.values()];
}
