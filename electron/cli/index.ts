import { runCli } from './main';

// The bundled entry of `patchdeck`: real stdout/stderr, exit code per CLI.md.
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
