import { afterEach, describe, expect, it } from 'vitest';
import { storeScan } from '../../support/stored-scan';
import type { RemoteScript } from '../../../electron/engine/platforms/types';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import { createTempEngine } from '../../support/temp-engine';
import { frame } from '../platforms/macos/frame';
import { recordedWindowsScan } from '../platforms/windows/recorded-scan';
import { addUnreachableDevice } from '../../support/unreachable-device';

// The Windows scan as recorded, with winget failing.
const sections = recordedWindowsScan({
  winget: ['Failed in attempting to update the source: winget\n', -1978335226],
});

describe('a scan outcome says which lists of offers the scan read', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  it('carries the failed winget of a rescan through a session, for verify to see', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const added = await addUnreachableDevice(engine, client.id, 'win-01');
    // A first scan made the device known as Windows, so the rescan runs the Windows scan script at once.
    storeScan(engine.database, {
      deviceId: added.id,
      at: '2026-11-22T08:00:01.000Z',
      os: {
        family: 'windows',
        name: 'Microsoft Windows 10 Pro',
        id: 'windows',
        version: null,
        codename: null,
        kernel: null,
        arch: null,
        hostname: null,
      },
    });
    const ran: RemoteScript[] = [];
    const session = {
      run: (script: RemoteScript) => {
        ran.push(script);
        return Promise.resolve({ stdout: frame('windows-scan', sections), stderr: '', exitCode: 0 });
      },
    } as unknown as SshSession;
    const outcome = await engine.scans.scanThroughSession(session, engine.devices.get(added.id), 'quick');
    expect(ran).toHaveLength(1);
    expect(outcome.status).toBe('ok');
    expect(outcome.offerSources?.map((source) => [source.name, source.unread])).toEqual([
      ['windows-update', null],
      [
        'winget',
        'winget failed with exit code -1978335226: Failed in attempting to update the source: winget.',
      ],
      ['choco', null],
    ]);
  });
});
