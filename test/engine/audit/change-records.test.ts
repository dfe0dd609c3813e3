import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { insertJob, setJobDeviceStatus, setJobStatus } from '../../../electron/engine/db/repositories/jobs';
import { recordedJobSettings } from '../../support/recorded-job';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { fixture } from '../vuln/fixtures/fleet';

/** Each change's audit entry must say what changed: read back from a real database, as a reviewer would. */
describe('audit entries say what changed', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clientId: number;
  beforeEach(() => {
    temp = createTempEngine();
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
  });
  afterEach(() => temp.close());

  it("records a device's old and new name, and its old and new key file, when they change", async () => {
    const oldKey = path.join(temp.dir, 'old_ed25519');
    const newKey = path.join(temp.dir, 'new_ed25519');
    for (const file of [oldKey, newKey]) fs.writeFileSync(file, 'a key file', { mode: 0o600 });
    const device = await temp.engine.devices.add({
      clientId,
      name: 'web-01',
      host: 'web01.acme.lan',
      port: 22,
      user: 'tech',
      auth: { kind: 'key', keyPath: oldKey },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    await temp.engine.devices.update({
      id: device.id,
      name: 'web-02',
      auth: { kind: 'key', keyPath: newKey },
    });

    const [entry] = listAudit(temp.engine.database, { subjectType: 'device' });
    expect(entry).toMatchObject({
      action: 'device.updated',
      details: {
        before: { name: 'web-01', keyPath: oldKey },
        after: { name: 'web-02', keyPath: newKey },
      },
    });
  });

  it('records a retry as a retry of the job it repeats', async () => {
    const { database } = temp.engine;
    const device = await addUnreachableDevice(temp.engine, clientId, 'web-01');
    const at = new Date().toISOString();
    const failedJob = database.transaction(() => {
      const jobId = insertJob(database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: at,
        devices: [{ deviceId: device.id, packages: '[]' }],
      });
      setJobDeviceStatus(database, jobId, device.id, 'failed', at);
      setJobStatus(database, jobId, 'failed', at);
      return jobId;
    });

    const retried = await temp.engine.deploy.retry(failedJob).done;

    const created = listAudit(database, { subjectType: 'job', subjectId: retried.job });
    expect(created).toMatchObject([{ action: 'job.deploy-created', details: { retryOf: failedJob } }]);
  });

  it('records a feed import: which file, and each feed before and after', () => {
    temp.engine.vulnerabilities.importFiles([fixture('kev-subset.json')]);
    const [first] = listAudit(temp.engine.database, { subjectType: 'feed' });
    expect(first).toMatchObject({
      action: 'feed.imported',
      actor: 'tester',
      subjectName: 'kev-subset.json',
      details: {
        allowOlder: false,
        feeds: [{ feed: 'kev', before: null, after: { fileName: 'kev-subset.json' } }],
      },
    });

    temp.engine.vulnerabilities.importFiles([fixture('kev-subset.json')], { allowOlder: true });
    const [second] = listAudit(temp.engine.database, { subjectType: 'feed' });
    expect(second).toMatchObject({
      action: 'feed.imported',
      details: {
        allowOlder: true,
        feeds: [
          { feed: 'kev', before: { fileName: 'kev-subset.json' }, after: { fileName: 'kev-subset.json' } },
        ],
      },
    });
  });
});
