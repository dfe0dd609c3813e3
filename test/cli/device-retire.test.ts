import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

interface ListedDevice {
  readonly name: string;
  readonly retiredAt: string | null;
}

describe('patchdeck device retire and reinstate', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);
  const listed = async (...flags: string[]) =>
    (JSON.parse((await cli(['--json', 'device', 'list', ...flags])).stdout) as ListedDevice[]).map(
      (device) => device.name,
    );
  const addDevice = (name: string) =>
    cli([
      'device',
      'add',
      name,
      '--client',
      'Acme',
      '--host',
      '127.0.0.1',
      '--port',
      '1',
      '--user',
      'tech',
      '--agent',
    ]);
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    expect((await cli(['client', 'add', 'Acme'])).code).toBe(0);
    expect((await addDevice('web-01')).code).toBe(0);
    expect((await addDevice('old-01')).code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it('retires a device: gone from the default list, shown with --all or --retired', async () => {
    expect(await cli(['device', 'retire', 'old-01'])).toEqual({
      code: 0,
      stdout: 'Retired device Acme/old-01: it is no longer scanned, patched or counted; its history stays.\n',
      stderr: '',
    });
    expect(await listed()).toEqual(['web-01']);
    expect(await listed('--all')).toEqual(['old-01', 'web-01']);
    expect(await listed('--retired')).toEqual(['old-01']);

    const table = (await cli(['device', 'list', '--all'])).stdout.split('\n');
    expect(table[0]).toMatch(/^CLIENT\s+DEVICE\s+LOGIN\s+OS\s+LAST SCAN\s+RETIRED$/);
    expect(table.find((line) => line.includes('old-01'))).toMatch(new RegExp(`${today}$`));
    expect(table.find((line) => line.includes('web-01'))).toMatch(/\s-$/);
    expect((await cli(['device', 'list'])).stdout).not.toContain('RETIRED');
  });

  it('answers a second retire with the device as it is, in text and JSON', async () => {
    expect((await cli(['device', 'retire', 'Acme/old-01'])).stdout).toBe(
      `Device Acme/old-01 was already retired on ${today}.\n`,
    );
    const json = await cli(['--json', 'device', 'retire', 'old-01']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: 'old-01',
      clientName: 'Acme',
      retiredAt: expect.any(String),
    });
  });

  it('refuses to scan or deploy to a retired device, with one line naming it and exit code 2', async () => {
    const refusal = `patchdeck: Device 'Acme/old-01' is retired (since ${today}): reinstate it to scan, patch or plan it again.\n`;
    for (const args of [
      ['scan', 'old-01', '--quick'],
      ['--json', 'scan', 'web-01', 'old-01'],
      ['deploy', 'old-01', '--all-security'],
      ['patches', 'old-01'],
    ]) {
      expect(await cli(args)).toEqual({ code: 2, stdout: '', stderr: refusal });
    }
  });

  it('keeps the retired name taken and says how to free it', async () => {
    expect(await addDevice('old-01')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `patchdeck: Client 'Acme' has a retired device named 'old-01' (retired ${today}): rename or remove the ` +
        'retired device to reuse its name, or reinstate it.\n',
    });
    expect(await listed('--all')).toEqual(['old-01', 'web-01']);
  });

  it('refuses bad input with one line on stderr and changes nothing', async () => {
    const before = await cli(['--json', 'device', 'list', '--all']);
    expect(await cli(['device', 'list', '--all', '--retired'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchdeck: Give --all or --retired, not both.\n',
    });
    expect(await cli(['device', 'retire', 'nosuch'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "patchdeck: Unknown device 'nosuch'.\n",
    });
    const missing = await cli(['device', 'reinstate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli(['device', 'retire', 'old-01', 'web-01'])).code).toBe(2);
    expect((await cli(['--json', 'device', 'list', '--all'])).stdout).toBe(before.stdout);
  });

  it('reinstates a retired device, and says so when it was not retired', async () => {
    expect(await cli(['device', 'reinstate', 'old-01'])).toEqual({
      code: 0,
      stdout: 'Reinstated device Acme/old-01: scan it to bring its inventory up to date.\n',
      stderr: '',
    });
    expect(await listed()).toEqual(['old-01', 'web-01']);
    expect(await listed('--retired')).toEqual([]);
    expect((await cli(['device', 'list', '--retired'])).stdout).toBe('No retired devices.\n');
    expect((await cli(['device', 'reinstate', 'old-01'])).stdout).toBe(
      'Device Acme/old-01 is not retired.\n',
    );
  });

  it('removes a retired device by name', async () => {
    expect((await cli(['device', 'retire', 'old-01'])).code).toBe(0);
    expect(await cli(['device', 'remove', 'old-01'])).toMatchObject({
      code: 0,
      stdout: 'Removed device Acme/old-01.\n',
    });
    expect(await listed('--all')).toEqual(['web-01']);
  });
});
