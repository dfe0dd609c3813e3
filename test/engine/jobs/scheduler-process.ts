// One scheduler in its own process, for the concurrency test: argv = database file, the instant its clock shows,
// the wall-clock ms at which to look for due work (so several processes look at once), the recorder's delay.
import { createEngine } from '../../../electron/engine/create-engine';
import type { StartDeployment } from '../../../electron/engine/jobs/scheduler';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { recordingDeployments } from './recording-deployments';

const [dbPath, clockIso, goAtText, delayText] = process.argv.slice(2);
if (!dbPath || !clockIso || !goAtText || !delayText)
  throw new Error('usage: scheduler-process <db> <clock> <goAt> <delayMs>');
let record: StartDeployment | null = null;
const engine = createEngine({
  dbPath,
  vault: createPassphraseVault('x'),
  clock: { now: () => new Date(clockIso) },
  actor: `scheduler-${process.pid}`,
  startDeployment: (deployment) => {
    if (!record) throw new Error('recorder not ready');
    return record(deployment);
  },
});
record = recordingDeployments(engine.database, Number(delayText));
const goAt = Number(goAtText);
while (Date.now() < goAt) await new Promise((resolve) => setTimeout(resolve, 1));
const results = await engine.scheduler.runDue();
engine.close();
console.log(JSON.stringify(results));
