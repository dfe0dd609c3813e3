import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temp file an SSH key path can point to: the engine checks that key files are readable. */
export function makeKeyFile(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-key-'));
  const file = path.join(folder, 'id_ed25519');
  fs.writeFileSync(file, 'not a real key: the engine only checks that it can read the file\n', {
    mode: 0o600,
  });
  return file;
}
