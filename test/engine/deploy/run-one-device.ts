import type { Engine } from '../../../electron/engine/create-engine';
import type { Clock } from '../../../electron/engine/clock';
import { insertJob } from '../../../electron/engine/db/repositories/jobs';
import { runDevice } from '../../../electron/engine/deploy/device-run';
import type { PlannedPackage } from '../../../electron/engine/deploy/planned-package';
import type { ScanService } from '../../../electron/engine/inventory/scan-service';
import { createJobJournal } from '../../../electron/engine/jobs/job-journal';
import { silentLog } from '../../../electron/engine/log';
import type { SshPool } from '../../../electron/engine/ssh/pool';
import type { RebootPolicy } from '../../../shared/domain/jobs';

/**
 * A deploy job of one device, journaled as the deploy service writes it, and that device's run through the real
 * `runDevice`, with the SSH pool and the rescans the test provides. Answers the job's id and the device's status.
 */
export async function runOneDevice(options: {
  readonly engine: Engine;
  readonly clock: Clock;
  readonly deviceId: number;
  readonly pool: SshPool;
  readonly scans: ScanService;
  readonly planned: readonly PlannedPackage[];
  readonly reboot: RebootPolicy;
  readonly rebootTimeoutMs?: number;
}) {
  const { engine, clock, deviceId } = options;
  const { database } = engine;
  const jobId = database.transaction(() =>
    insertJob(database, {
      kind: 'deploy',
      settings: '{}',
      rollbackOf: null,
      actor: 'tester',
      createdAt: clock.now().toISOString(),
      devices: [{ deviceId, packages: '[]' }],
    }),
  );
  const status = await runDevice(
    {
      context: { database, vault: engine.vault, clock, log: silentLog, actor: 'tester' },
      journal: createJobJournal(database, clock),
      devices: engine.devices,
      scans: options.scans,
      pool: options.pool,
      progress: () => {},
      output: () => {},
    },
    {
      jobId,
      mode: 'upgrade',
      reboot: options.reboot,
      commandTimeoutMs: 10_000,
      rebootTimeoutMs: options.rebootTimeoutMs ?? 30_000,
      connect: {},
      preCommand: null,
      postCommand: null,
      notAfter: null,
      cancelRequested: () => false,
    },
    engine.devices.get(deviceId),
    options.planned,
  );
  return { jobId, status };
}
