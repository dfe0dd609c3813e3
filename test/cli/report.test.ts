import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck report', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);
  const files = () => fs.readdirSync(temp.dir).filter((name) => !name.startsWith('cli.db'));

  beforeAll(() => {
    const engine = createEngine({ dbPath: db, vault: createPassphraseVault(undefined), actor: 'tester' });
    seedReportFleet(engine, {
      clients: 1,
      devicesPerClient: 12,
      packages: 20,
      maxUpdates: 6,
      now: new Date(),
    });
    engine.close();
  });
  afterAll(() => temp.cleanup());

  it('writes a PDF whose numbers pdftotext reads back', async () => {
    const out = path.join(temp.dir, 'acme.pdf');
    const run = await cli(['--json', 'report', '--client', 'acme dental', '--format', 'pdf', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { client: string; format: string; path: string; bytes: number };
    expect(result).toMatchObject({ client: 'Acme Dental', format: 'pdf', path: out });
    expect(result.bytes).toBe(fs.statSync(out).size);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Acme Dental');
    expect(text).toContain('Devices (12)');
  });

  it('writes HTML and CSV for a period given by dates', async () => {
    const html = path.join(temp.dir, 'acme.html');
    const csv = path.join(temp.dir, 'acme.csv');
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (
        await cli([
          'report',
          '--client',
          'Acme Dental',
          '--format',
          'html',
          '--out',
          html,
          '--from',
          '2026-01-01',
          '--to',
          today,
        ])
      ).code,
    ).toBe(0);
    expect(fs.readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const run = await cli(['report', '--client', 'Acme Dental', '--format', 'csv', '--out', csv]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote the CSV report of Acme Dental to /);
    const bytes = fs.readFileSync(csv);
    // Excel takes a .csv as UTF-8 only with the byte-order mark (its own "CSV UTF-8" writes one); without it,
    // a name like "Zürich" opens as "ZÃ¼rich".
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^device,os,last scan/);
  });

  it.each([
    [['--client', 'Nobody', '--format', 'pdf'], /There is no client|Nobody/],
    [['--client', 'Acme Dental', '--format', 'docx'], /--format must be one of pdf, html, csv, not 'docx'/],
    [
      ['--client', 'Acme Dental', '--format', 'pdf', '--from', '2026-11-10', '--to', '2026-11-01'],
      /--from 2026-11-10 is after --to 2026-11-01/,
    ],
    [
      ['--client', 'Acme Dental', '--format', 'pdf', '--from', '2999-01-01'],
      /--from 2999-01-01 is after today \(\d{4}-\d{2}-\d{2} in Europe\/Berlin\): the period would be empty/,
    ],
    [
      ['--client', 'Acme Dental', '--format', 'pdf', '--from', 'last week'],
      /--from 'last week' is not a date/,
    ],
  ])('exits 2 with one line naming the problem, writing nothing: %j', async (args, message) => {
    const before = files();
    const out = path.join(temp.dir, 'refused.pdf');
    const run = await cli(['report', ...args, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(files()).toEqual(before);
  });

  it('exits 2 for an --out it cannot write, leaving no partial file', async () => {
    const missing = path.join(temp.dir, 'no-such-folder', 'acme.pdf');
    const run = await cli(['report', '--client', 'Acme Dental', '--format', 'pdf', '--out', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot write .*no-such-folder/);
    const readOnly = path.join(temp.dir, 'read-only');
    fs.mkdirSync(readOnly);
    fs.chmodSync(readOnly, 0o500);
    const asRoot = process.getuid?.() === 0;
    const denied = await cli([
      'report',
      '--client',
      'Acme Dental',
      '--format',
      'csv',
      '--out',
      path.join(readOnly, 'x.csv'),
    ]);
    // root writes anywhere: then the check is that the write succeeded whole, not that it was refused.
    expect(denied.code).toBe(asRoot ? 0 : 2);
    expect(fs.readdirSync(readOnly).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const folder = await cli(['report', '--client', 'Acme Dental', '--format', 'csv', '--out', temp.dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/it is a folder/);
  });
});
