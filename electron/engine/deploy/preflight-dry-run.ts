import type { Device } from '../../../shared/domain/fleet';
import type { PreflightDevice, PreflightSummary } from '../../../shared/domain/jobs';
import { isAppError } from '../../../shared/errors';
import type { EngineContext } from '../engine-context';
import type { DeviceService } from '../fleet/devices';
import { sshTargetFor } from '../inventory/ssh-target';
import type { ConnectOptions } from '../ssh/connect';
import { SshPool } from '../ssh/pool';
import { checkDevice, deploymentOf } from './device-run';
import { pinOnFirstUse } from './first-use-pin';
import type { PlannedPackage } from './planned-package';

/** One device as a deployment would plan it, before anything is written. */
export interface DryRunPlan {
  readonly device: Device;
  readonly packages: readonly PlannedPackage[];
  readonly warnings: readonly string[];
}

export interface DryRunSettings {
  readonly concurrency: number;
  readonly commandTimeoutMs: number;
  readonly connect: Omit<ConnectOptions, 'signal'>;
}

/**
 * Run only the read-only pre-flight on each device (at most `concurrency` at once) and say what a deployment would
 * change there, what could not be rolled back, and which devices it could not touch. Writes no job.
 */
export async function preflightDryRun(
  deps: { readonly context: EngineContext; readonly devices: DeviceService },
  plans: readonly DryRunPlan[],
  settings: DryRunSettings,
): Promise<PreflightSummary> {
  const pool = new SshPool({ maxSessions: settings.concurrency, connect: settings.connect });
  const runOptions = { timeoutMs: settings.commandTimeoutMs };
  const checkOne = async (plan: DryRunPlan): Promise<PreflightDevice> => {
    const { device } = plan;
    const base = { deviceId: device.id, device: device.name };
    if (plan.packages.length === 0) {
      return { ...base, status: 'nothing-to-do', packages: [], warnings: [...plan.warnings], error: null };
    }
    try {
      const target = sshTargetFor(device, await deps.devices.secrets(device.id));
      const judged = await pool.withSession(
        target,
        async (session) =>
          checkDevice(
            session,
            await deploymentOf(device, session, runOptions),
            plan.packages,
            'upgrade',
            runOptions,
          ),
        { onHostKey: pinOnFirstUse(deps.context, device) },
      );
      // A dry run only upgrades: `to` is always an offered version; a new install (a Windows KB) has "from" empty.
      const packages = judged.result.plan.map((pkg) => ({
        name: pkg.name,
        from: pkg.from ?? '',
        to: pkg.to ?? '',
        rollbackPossible: pkg.rollbackPossible,
        rollbackNote: pkg.rollbackNote,
      }));
      const warnings = [...plan.warnings, ...judged.warnings];
      if (judged.failure !== undefined) {
        return { ...base, status: 'blocked', packages, warnings, error: judged.failure };
      }
      return {
        ...base,
        status: packages.length > 0 ? 'ready' : 'nothing-to-do',
        packages,
        warnings,
        error: null,
      };
    } catch (error) {
      const unreachable = isAppError(error) && (error.code === 'unreachable' || error.code === 'timeout');
      return {
        ...base,
        status: unreachable ? 'unreachable' : 'blocked',
        packages: [],
        warnings: [...plan.warnings],
        error: error instanceof Error ? error.message : String(error),
      };
    }
  };
  return { devices: await Promise.all(plans.map(checkOne)) };
}
