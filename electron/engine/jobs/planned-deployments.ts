import {
  DeployRequest,
  PlanDeploymentRequest,
  type PatchSelection,
  type PlannedDeployment,
} from '../../../shared/domain/jobs';
import type { Policy } from '../../../shared/domain/policies';
import { AppError } from '../../../shared/errors';
import { parseInput } from '../api/parse-input';
import { appendAudit, schedulerActor } from '../audit/audit-log';
import { listClients } from '../db/repositories/clients';
import {
  cancelPlannedDeployment,
  claimPlannedDeployment,
  findPlannedDeployment,
  insertPlannedDeployment,
  listOpenPlannedDeployments,
  listPlannedDeployments,
  recordPlannedDeploymentStart,
  type PlannedDeploymentRow,
} from '../db/repositories/planned-deployments';
import {
  listPolicyRows,
  listScheduledDevices,
  listScheduledUpdatesByDevice,
  type ScheduledDeviceRow,
  type ScheduledUpdateRow,
} from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import { policyFromRow } from '../policy/policy-service';
import { deviceInScope } from '../policy/policy-scope';
import { nextOccurrence, parseWindowSpec, type MaintenanceWindowOccurrence } from '../policy/windows';
import { finalStatus } from './final-status';
import type { ScheduledDeployment, ScheduleRunResult, StartDeployment } from './scheduler';

type ParsedRequest = ReturnType<typeof DeployRequest.parse>;

/** One-off deployments left to a maintenance window: planned by the technician, started by the scheduler. */
export interface PlannedDeployments {
  /**
   * Plan a deployment for the window given, or for the next window of the policy covering each device (one
   * planned row per policy window). Throws AppError 'invalid-input' naming devices no policy window covers.
   */
  plan(input: PlanDeploymentRequest): PlannedDeployment[];
  /** Waiting ones first (soonest window first), then the newest started or cancelled ones. */
  list(limit?: number): PlannedDeployment[];
  /** Cancel one that has not started; AppError 'conflict' once it started. */
  cancel(id: number): PlannedDeployment;
  /**
   * Start every planned deployment whose window is open at `at`, each exactly once across schedulers; with
   * `wait`, also wait for their jobs to end.
   */
  startDue(at: Date, wait: boolean): Promise<ScheduleRunResult[]>;
}

/**
 * Build the planned deployments on the scheduler's context. `startDeployment` is the same entry point policy
 * windows use, so a planned deployment runs with its window's end like any scheduled one; `claimant` names this
 * scheduler in the rows it claims.
 */
export function createPlannedDeployments(
  context: EngineContext,
  startDeployment: StartDeployment,
  claimant: string,
): PlannedDeployments {
  const { database, clock, actor, log } = context;

  const view = (
    row: PlannedDeploymentRow,
    names: ReadonlyMap<number, string>,
    now: Date,
  ): PlannedDeployment => {
    const request = DeployRequest.parse(JSON.parse(row.request));
    return {
      id: row.id,
      status: row.status,
      missed: row.status === 'planned' && Date.parse(row.windowEnd) <= now.getTime(),
      policy: row.policyName,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      timeZone: row.timeZone,
      devices: request.deviceIds.map((deviceId) => ({
        deviceId,
        device: names.get(deviceId) ?? `device ${deviceId}`,
      })),
      selection: request.selection,
      reboot: request.reboot,
      jobId: row.jobId,
      error: row.error,
      createdAt: row.createdAt,
    };
  };
  const deviceNames = () => new Map(listScheduledDevices(database).map((device) => [device.id, device.name]));

  /** Each device's next window among the enabled policies that cover it; devices no window covers, by name. */
  const nextWindows = (devices: readonly ScheduledDeviceRow[], after: Date) => {
    const policies = listPolicyRows(database)
      .map(policyFromRow)
      .filter((policy) => policy.enabled && policy.windows.length > 0);
    const groups = new Map<
      string,
      { policy: Policy; occurrence: MaintenanceWindowOccurrence; deviceIds: number[] }
    >();
    const uncovered: string[] = [];
    for (const device of devices) {
      let best: { policy: Policy; occurrence: MaintenanceWindowOccurrence } | null = null;
      for (const policy of policies) {
        if (!deviceInScope(policy.clientId, policy.scope, device)) continue;
        for (const window of policy.windows) {
          const occurrence = nextOccurrence(parseWindowSpec(window), policy.effectiveTimeZone, after);
          if (best === null || occurrence.start < best.occurrence.start) best = { policy, occurrence };
        }
      }
      if (best === null) {
        uncovered.push(device.name);
        continue;
      }
      const key = `${best.policy.id} ${best.occurrence.start.toISOString()}`;
      const group = groups.get(key);
      if (group) group.deviceIds.push(device.id);
      else groups.set(key, { ...best, deviceIds: [device.id] });
    }
    return { groups: [...groups.values()], uncovered };
  };

  const narrowed = (request: ParsedRequest, deviceIds: readonly number[]): ParsedRequest => {
    const selection: PatchSelection =
      request.selection.kind === 'per-device'
        ? {
            kind: 'per-device',
            devices: request.selection.devices.filter((entry) => deviceIds.includes(entry.deviceId)),
          }
        : request.selection;
    return { ...request, deviceIds: [...deviceIds], selection };
  };

  /** What the deploy engine gets when the window opens: each device with its packages as of the latest scan. */
  const deploymentOf = (row: PlannedDeploymentRow): ScheduledDeployment => {
    const request = DeployRequest.parse(JSON.parse(row.request));
    const byId = new Map(listScheduledDevices(database).map((device) => [device.id, device]));
    const selection = request.selection;
    const updates =
      selection.kind === 'all' || selection.kind === 'all-security'
        ? listScheduledUpdatesByDevice(database)
        : new Map<number, ScheduledUpdateRow[]>();
    const packagesOf = (deviceId: number): string[] => {
      switch (selection.kind) {
        case 'packages':
          return [...selection.packages];
        case 'per-device':
          return [...(selection.devices.find((entry) => entry.deviceId === deviceId)?.packages ?? [])];
        case 'all':
        case 'all-security':
          return [
            ...new Set(
              (updates.get(deviceId) ?? [])
                .filter((update) => selection.kind === 'all' || update.security)
                .map((update) => update.name),
            ),
          ];
      }
    };
    return {
      policyId: row.policyId,
      policyName: row.policyName ?? `planned deployment ${row.id}`,
      occurrenceKey: `planned ${row.id}`,
      windowStart: new Date(row.windowStart),
      windowEnd: new Date(row.windowEnd),
      // A device removed since the plan was made is left out; the others still get their window.
      devices: request.deviceIds.flatMap((deviceId) => {
        const device = byId.get(deviceId);
        return device ? [{ deviceId, device: device.name, packages: packagesOf(deviceId) }] : [];
      }),
      reboot: request.reboot,
      concurrency: request.concurrency,
      maxFailPercent: request.maxFailPercent,
      preCommand: null,
      postCommand: null,
    };
  };

  const start = async (row: PlannedDeploymentRow, at: Date, wait: boolean): Promise<ScheduleRunResult> => {
    const deployment = deploymentOf(row);
    const base = {
      policy: deployment.policyName,
      runKey: deployment.occurrenceKey,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      devices: deployment.devices.length,
    };
    // The claim commits before the deploy engine hears of it: a crash after this point leaves a started row
    // without a job for the technician to see, never a second start.
    const claimed = database.transaction(() => {
      const won = claimPlannedDeployment(database, row.id, claimant, at.toISOString());
      if (won) {
        appendAudit(database, at, schedulerActor, {
          action: 'deployment.planned-started',
          subjectType: 'planned-deployment',
          subjectId: row.id,
          subjectName: row.policyName,
          details: { windowStart: row.windowStart, windowEnd: row.windowEnd, devices: deployment.devices },
        });
      }
      return won;
    });
    if (!claimed) return { ...base, outcome: 'already-started', jobId: null, status: null, error: null };
    try {
      const started = await startDeployment(deployment);
      recordPlannedDeploymentStart(database, row.id, { jobId: started.jobId, error: null });
      const finished = finalStatus(started, `planned deployment ${row.id}`, log);
      const status = wait ? await finished : 'running';
      return { ...base, outcome: 'started', jobId: started.jobId, status, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`planned deployment ${row.id} failed to start: ${message}`);
      recordPlannedDeploymentStart(database, row.id, { jobId: null, error: message });
      return { ...base, outcome: 'failed', jobId: null, status: null, error: message };
    }
  };

  return {
    plan(input) {
      const { request, window } = parseInput(PlanDeploymentRequest, input);
      const now = clock.now();
      const fleet = new Map(listScheduledDevices(database).map((device) => [device.id, device]));
      const devices = [...new Set(request.deviceIds)].map((id) => {
        const device = fleet.get(id);
        if (!device) throw new AppError('not-found', `There is no device ${id}.`, 'deviceIds');
        return device;
      });
      let planned: { policy: Policy | null; start: Date; end: Date; timeZone: string; deviceIds: number[] }[];
      if (window) {
        if (Date.parse(window.end) <= now.getTime())
          throw new AppError('invalid-input', 'That window has already closed: pick a later one.', 'window');
        const zones = new Map(listClients(database).map((client) => [client.id, client.timeZone]));
        planned = [
          {
            policy: null,
            start: new Date(window.start),
            end: new Date(window.end),
            timeZone: zones.get(devices[0]?.clientId ?? 0) ?? 'UTC',
            deviceIds: devices.map((device) => device.id),
          },
        ];
      } else {
        const { groups, uncovered } = nextWindows(devices, now);
        if (uncovered.length > 0) {
          throw new AppError(
            'invalid-input',
            `No enabled policy with a maintenance window covers ${uncovered.join(', ')}: pick a window for them, or add them to a policy.`,
            'deviceIds',
          );
        }
        planned = groups.map((group) => ({
          policy: group.policy,
          start: group.occurrence.start,
          end: group.occurrence.end,
          timeZone: group.policy.effectiveTimeZone,
          deviceIds: group.deviceIds,
        }));
      }
      const ids = database.transaction(() =>
        planned.map((entry) => {
          const id = insertPlannedDeployment(database, {
            request: JSON.stringify(narrowed(request, entry.deviceIds)),
            policyId: entry.policy?.id ?? null,
            policyName: entry.policy?.name ?? null,
            windowStart: entry.start.toISOString(),
            windowEnd: entry.end.toISOString(),
            timeZone: entry.timeZone,
            createdAt: now.toISOString(),
            createdBy: actor,
          });
          appendAudit(database, now, actor, {
            action: 'deployment.planned',
            subjectType: 'planned-deployment',
            subjectId: id,
            subjectName: entry.policy?.name ?? null,
            details: {
              windowStart: entry.start.toISOString(),
              windowEnd: entry.end.toISOString(),
              devices: entry.deviceIds.map((deviceId) => fleet.get(deviceId)?.name ?? deviceId),
              selection: request.selection,
            },
          });
          return id;
        }),
      );
      const names = new Map(devices.map((device) => [device.id, device.name]));
      return ids.map((id) => view(findPlannedDeployment(database, id)!, names, now));
    },
    list(limit = 200) {
      const names = deviceNames();
      const now = clock.now();
      return listPlannedDeployments(database, limit).map((row) => view(row, names, now));
    },
    cancel(id) {
      const now = clock.now();
      const cancelled = database.transaction(() => {
        const row = findPlannedDeployment(database, id);
        if (!row) throw new AppError('not-found', `There is no planned deployment ${id}.`);
        if (!cancelPlannedDeployment(database, id, now.toISOString())) {
          throw new AppError(
            'conflict',
            row.status === 'started'
              ? `Planned deployment ${id} has already started${row.jobId === null ? '' : ` as job ${row.jobId}`}: cancel the job instead.`
              : `Planned deployment ${id} was already cancelled.`,
          );
        }
        appendAudit(database, now, actor, {
          action: 'deployment.planned-cancelled',
          subjectType: 'planned-deployment',
          subjectId: id,
          subjectName: row.policyName,
          details: { windowStart: row.windowStart },
        });
        return findPlannedDeployment(database, id)!;
      });
      return view(cancelled, deviceNames(), now);
    },
    async startDue(at, wait) {
      const rows = listOpenPlannedDeployments(database, at.toISOString());
      return Promise.all(rows.map((row) => start(row, at, wait)));
    },
  };
}
