import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../../shared/domain/inventory';
import { AppError } from '../../../shared/errors';
import { listInstalledPackages, type ScanRecord } from '../../../electron/engine/db/repositories/inventory';
import { createScanWriter } from '../../../electron/engine/inventory/scan-writer';
import { dpkgPackage as dpkg, scanRecordOf } from '../../support/stored-scan';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const scanOf = (deviceId: number, packages: InstalledPackage[]) =>
  scanRecordOf({ deviceId, at: '2026-11-22T10:00:01Z', packages });

describe('the scan writer', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let web: number;
  let mail: number;
  beforeEach(async () => {
    temp = createTempEngine();
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    web = (await addUnreachableDevice(temp.engine, client.id, 'web-01')).id;
    mail = (await addUnreachableDevice(temp.engine, client.id, 'mail-01')).id;
  });
  afterEach(() => temp.close());

  const stored = (deviceId: number) =>
    listInstalledPackages(temp.engine.database, deviceId).map((pkg) => `${pkg.name} ${pkg.version}`);
  // Two writes make a full batch, so both are committed together, at once.
  const writeBatch = (records: ScanRecord[]) => {
    const writer = createScanWriter(temp.engine.database, { maxBatch: records.length });
    return Promise.allSettled(records.map((record) => writer.write(record)));
  };

  it('stores the rest of a batch when a device was removed during its scan, and says so to that scan', async () => {
    temp.engine.devices.remove(mail);
    const [webWrite, mailWrite] = await writeBatch([
      scanOf(web, [dpkg('openssl', '3.0.15-1')]),
      scanOf(mail, [dpkg('postfix', '3.7.11-0')]),
    ]);
    expect(webWrite).toMatchObject({ status: 'fulfilled' });
    expect(stored(web)).toEqual(['openssl 3.0.15-1']);
    expect(mailWrite).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'not-found',
        message: `The device with id ${mail} was removed during its scan; its scan was not stored.`,
      },
    });
    expect((mailWrite as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
  });

  it('keeps a scan that failed half-way from handing its new package ids to the rest of its batch', async () => {
    // A write that fails after its new package builds went in (a full disk, say), only for mail-01.
    temp.engine.database.exec(`CREATE TEMP TRIGGER fail_mail AFTER INSERT ON installed_packages
      WHEN new.device_id = ${mail} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const [mailWrite, webWrite] = await writeBatch([
      scanOf(mail, [dpkg('postfix', '3.7.11-0'), dpkg('openssl', '3.0.15-1')]),
      scanOf(web, [dpkg('openssl', '3.0.15-1'), dpkg('nginx', '1.22.1-9')]),
    ]);
    expect(mailWrite).toMatchObject({ status: 'rejected', reason: { message: 'disk I/O error' } });
    expect(webWrite).toMatchObject({ status: 'fulfilled' });
    expect(stored(mail)).toEqual([]);
    expect(stored(web)).toEqual(['nginx 1.22.1-9', 'openssl 3.0.15-1']);
  });
});
