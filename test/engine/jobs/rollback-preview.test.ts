import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertChange, insertJob, setJobStatus } from '../../../electron/engine/db/repositories/jobs';
import { previewRollback } from '../../../electron/engine/jobs/rollback-preview';
import { recordedJobSettings } from '../../support/recorded-job';
import { osOf, storeScan } from '../../support/stored-scan';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { addFleet } from '../policy/policy-fleet';

describe('rollback preview (what the confirmation lists)', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let ids: Map<string, number>;
  let jobId: number;

  beforeEach(async () => {
    temp = createTempEngine();
    ({ deviceIds: ids } = await addFleet(temp.engine, { name: 'Acme', timeZone: 'UTC' }, [
      { name: 'web-01' },
      { name: 'web-02' },
      { name: 'web-03' },
    ]));
    const { database } = temp.engine;
    jobId = insertJob(database, {
      kind: 'deploy',
      settings: '{}',
      rollbackOf: null,
      actor: 'tester',
      createdAt: '2026-11-22T09:00:00.000Z',
      devices: [...ids.values()].map((deviceId) => ({ deviceId, packages: '[]' })),
    });
    setJobStatus(database, jobId, 'succeeded', '2026-11-22T09:10:00.000Z');
    const change = (device: string, pkg: string, from: string | null, to: string, note: string | null) =>
      insertChange(database, {
        jobId,
        deviceId: ids.get(device)!,
        package: pkg,
        from,
        to,
        rollbackPossible: note === null,
        rollbackNote: note,
      });
    change('web-01', 'openssl', '3.0.15-1', '3.0.16-1', null);
    change('web-01', 'linux-image-amd64', '6.1.112-1', '6.1.115-1', 'a kernel installs beside the old one.');
    change('web-02', 'curl', '7.88.1-10', '7.88.1-11', null);
    // Newly installed by the job: these devices have no platform that can remove it, so it stays (and says so).
    change('web-02', 'libcurl4-new', null, '1.0-1', null);
  });
  afterEach(() => temp.close());

  it('lists per device what is reinstalled and what stays, leaving out devices with nothing to undo', () => {
    expect(previewRollback(temp.engine.database, jobId)).toEqual({
      job: jobId,
      devices: [
        {
          deviceId: ids.get('web-01'),
          device: 'web-01',
          rollBack: [{ package: 'openssl', installed: '3.0.16-1', reinstall: '3.0.15-1' }],
          cannot: [{ package: 'linux-image-amd64', note: 'a kernel installs beside the old one.' }],
        },
        {
          deviceId: ids.get('web-02'),
          device: 'web-02',
          rollBack: [{ package: 'curl', installed: '7.88.1-11', reinstall: '7.88.1-10' }],
          cannot: [
            {
              package: 'libcurl4-new',
              note: 'libcurl4-new was installed new by this job and cannot be rolled back here: Patchdeck cannot remove it on this platform.',
            },
          ],
        },
      ],
    });
  });

  it('narrows to the devices named', () => {
    const preview = previewRollback(temp.engine.database, jobId, [ids.get('web-02')!]);
    expect(preview.devices.map((device) => device.device)).toEqual(['web-02']);
  });

  it('refuses a job that does not exist or is not a deployment', () => {
    expect(() => previewRollback(temp.engine.database, 999)).toThrow('There is no job 999.');
    const rollback = insertJob(temp.engine.database, {
      kind: 'rollback',
      settings: '{}',
      rollbackOf: jobId,
      actor: 'tester',
      createdAt: '2026-11-22T10:00:00.000Z',
      devices: [],
    });
    expect(() => previewRollback(temp.engine.database, rollback)).toThrow(
      `Job ${rollback} is a rollback, not a deployment; only deployments can be rolled back.`,
    );
  });
});

/**
 * The preview follows the rollback's own rule for what a deployment installed new: a Windows KB is uninstalled
 * (so the confirmation offers it), and where the platform cannot remove a new install the preview says it stays.
 */
describe('rollback preview of what a deployment installed new', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp.close());

  it('lists the KB the rollback uninstalls, and the package Linux cannot remove as staying', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const scanned = async (name: string, family: 'windows' | 'debian') => {
      const device = await addUnreachableDevice(engine, client.id, name);
      storeScan(engine.database, { deviceId: device.id, at: '2026-11-22T08:00:01.000Z', os: osOf(family) });
      return device.id;
    };
    const windows = await scanned('win-01', 'windows');
    const debian = await scanned('deb-01', 'debian');
    const { database } = engine;
    const jobId = insertJob(database, {
      kind: 'deploy',
      settings: recordedJobSettings,
      rollbackOf: null,
      actor: 'tester',
      createdAt: '2026-11-22T09:00:00.000Z',
      devices: [windows, debian].map((deviceId) => ({ deviceId, packages: '[]' })),
    });
    setJobStatus(database, jobId, 'succeeded', '2026-11-22T09:10:00.000Z');
    for (const [deviceId, pkg] of [
      [windows, 'kb:KB5034275'],
      [debian, 'libcurl4-new'],
    ] as const) {
      insertChange(database, {
        jobId,
        deviceId,
        package: pkg,
        from: null,
        to: pkg === 'kb:KB5034275' ? 'KB5034275' : '1.0-1',
        rollbackPossible: true,
        rollbackNote: null,
      });
    }
    expect(previewRollback(database, jobId).devices).toEqual([
      {
        deviceId: windows,
        device: 'win-01',
        rollBack: [{ package: 'kb:KB5034275', installed: 'KB5034275', reinstall: null }],
        cannot: [],
      },
      {
        deviceId: debian,
        device: 'deb-01',
        rollBack: [],
        cannot: [
          {
            package: 'libcurl4-new',
            note: 'libcurl4-new was installed new by this job and cannot be rolled back here: Patchdeck cannot remove it on this platform.',
          },
        ],
      },
    ]);
    // The rollback itself plans exactly that: the KB's removal, and the warning for the Linux package.
    const rollback = engine.deploy.rollback(jobId, undefined, {
      connect: { connectTimeoutMs: 2_000, handshakeTimeoutMs: 2_000 },
    });
    await rollback.done;
  });
});
