import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../electron/engine/clock';
import { createEngine, type Engine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';

/** A temporary folder removed by the returned cleanup. */
export function makeTempDir(prefix = 'patchdeck-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function fixedClock(
  start = '2026-11-22T09:00:00Z',
): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso) => (now = new Date(iso)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
}

/** A real engine on a real SQLite file in a temp folder. */
export function createTempEngine(options: { passphrase?: string | undefined; clock?: Clock } = {}) {
  const temp = makeTempDir();
  const dbPath = path.join(temp.dir, 'patchdeck.db');
  const engine: Engine = createEngine({
    dbPath,
    vault: createPassphraseVault('passphrase' in options ? options.passphrase : 'test-passphrase'),
    clock: options.clock ?? fixedClock(),
    actor: 'tester',
  });
  return {
    engine,
    dbPath,
    dir: temp.dir,
    close: () => {
      engine.close();
      temp.cleanup();
    },
  };
}
