import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createEngine } from '../../../electron/engine/create-engine';
import { defaultConnectTimeoutMs, defaultHandshakeTimeoutMs } from '../../../electron/engine/ssh/connect';
import { defaultCommandTimeoutMs } from '../../../electron/engine/ssh/run';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { createTempEngine } from '../../support/temp-engine';

describe('settings', () => {
  let temp: ReturnType<typeof createTempEngine>;
  beforeEach(() => {
    temp = createTempEngine();
  });
  afterEach(() => temp.close());

  it("start as the SSH layer's own defaults", () => {
    expect(temp.engine.settings.get()).toEqual({
      ssh: {
        concurrency: 32,
        connectTimeoutMs: defaultConnectTimeoutMs,
        handshakeTimeoutMs: defaultHandshakeTimeoutMs,
        commandTimeoutMs: defaultCommandTimeoutMs,
      },
      scanFreshnessDays: 7,
      backupFolder: null,
      allowWeakSecretStorage: false,
    });
  });

  it('change only what an update names, survive a reopen, and are audited with before and after', () => {
    const after = temp.engine.settings.update({ ssh: { concurrency: 8 }, scanFreshnessDays: 3 });
    expect(after.ssh).toEqual({
      concurrency: 8,
      connectTimeoutMs: defaultConnectTimeoutMs,
      handshakeTimeoutMs: defaultHandshakeTimeoutMs,
      commandTimeoutMs: defaultCommandTimeoutMs,
    });
    expect(after.scanFreshnessDays).toBe(3);
    temp.engine.settings.update({ backupFolder: '/home/tech/Backups' });
    temp.engine.close();
    const reopened = createEngine({
      dbPath: temp.dbPath,
      vault: createPassphraseVault(undefined),
      actor: 'tester',
    });
    try {
      expect(reopened.settings.get()).toEqual({ ...after, backupFolder: '/home/tech/Backups' });
      const entries = listAudit(reopened.database)
        .filter((entry) => entry.action === 'settings.updated')
        .sort((a, b) => a.id - b.id);
      expect(entries.map((entry) => entry.subjectName)).toEqual(['ssh, scanFreshnessDays', 'backupFolder']);
      expect(entries[0]?.details).toMatchObject({
        before: { ssh: { concurrency: 32 }, scanFreshnessDays: 7 },
        after: { ssh: { concurrency: 8 }, scanFreshnessDays: 3 },
      });
      // Saving the same values again records nothing.
      reopened.settings.update({ scanFreshnessDays: 3 });
      expect(
        listAudit(reopened.database).filter((entry) => entry.action === 'settings.updated'),
      ).toHaveLength(2);
    } finally {
      reopened.close();
    }
  });

  it.each([
    [{ ssh: { concurrency: 0 } }, /ssh\.concurrency: concurrency must be at least 1/],
    [{ ssh: { connectTimeoutMs: 10 } }, /the connect timeout must be at least 0.5 s/],
    [{ scanFreshnessDays: 400 }, /at most 365 days/],
    [{ ssh: { port: 22 } }, /Settings not saved: .*port/],
    [{ theme: 'dark' }, /Settings not saved: .*theme/],
  ])('refuse %j, naming the problem and writing nothing', (change, message) => {
    expect(() => temp.engine.settings.update(change)).toThrow(message);
    expect(temp.engine.database.statement('SELECT count(*) FROM settings').pluck().get()).toBe(0);
  });

  it('name a damaged stored value, and are repaired by saving', () => {
    temp.engine.database
      .statement("INSERT INTO settings (key, value) VALUES ('ssh', '{\"concurrency\": -4}')")
      .run();
    expect(() => temp.engine.settings.get()).toThrow(
      "The stored setting 'ssh' is not valid (concurrency: concurrency must be at least 1); save it again from Settings to replace it.",
    );
    temp.engine.settings.update({ ssh: { concurrency: 4 } });
    expect(temp.engine.settings.get().ssh.concurrency).toBe(4);
    temp.engine.database.statement("UPDATE settings SET value = 'not json' WHERE key = 'ssh'").run();
    expect(() => temp.engine.settings.get()).toThrow(/'ssh' is not valid \(not JSON\)/);
  });

  it('fill SSH keys a stored object lacks with their defaults', () => {
    temp.engine.database
      .statement("INSERT INTO settings (key, value) VALUES ('ssh', '{\"concurrency\": 5}')")
      .run();
    expect(temp.engine.settings.get().ssh).toEqual({
      concurrency: 5,
      connectTimeoutMs: defaultConnectTimeoutMs,
      handshakeTimeoutMs: defaultHandshakeTimeoutMs,
      commandTimeoutMs: defaultCommandTimeoutMs,
    });
  });
});
