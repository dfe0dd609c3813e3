// A Patchdeck process that only runs one deployment, for tests that kill it midway: the CLI cannot pass a
// policy's pre- and post-commands. Arguments: the database path, the DeployRequest and the DeployRunOptions (JSON).
import { createEngine } from '../../../electron/engine/create-engine';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';

const [dbPath, request, options] = process.argv.slice(2);
if (dbPath === undefined || request === undefined || options === undefined) {
  process.stderr.write('usage: deploy-child <db> <request-json> <options-json>\n');
  process.exit(2);
}
const engine = createEngine({
  dbPath,
  vault: createPassphraseVault(process.env['PATCHDECK_VAULT_PASSPHRASE']),
  actor: 'deploy-child',
});
void engine.deploy
  .start(JSON.parse(request), JSON.parse(options))
  .done.then((view) => {
    process.stdout.write(`${JSON.stringify(view)}\n`);
    engine.close();
  });
