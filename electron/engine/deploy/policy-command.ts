import type { CommandArgv } from '../../../shared/domain/policies';
import type { PlatformDeployment, RemoteScript } from '../platforms/types';

// A policy's command is never a shell string: the fixed script runs its argument list as one program with its
// arguments, each passed as quoted data (see ssh/command-line.ts), and sudo applies as the device's settings say.
const shCommand: RemoteScript = { shell: 'sh', script: 'exec "$@"', sudo: true };
const powershellCommand: RemoteScript = {
  shell: 'powershell',
  script: [
    '$program = $PatchdeckArgs[0]',
    '$rest = @($PatchdeckArgs | Select-Object -Skip 1)',
    '& $program @rest',
    'exit $LASTEXITCODE',
  ].join('\n'),
  sudo: false,
};

/** The fixed script that runs a pre- or post-command (its argv as the script's arguments) on this platform. */
export function policyCommandScript(deployment: PlatformDeployment): RemoteScript {
  return deployment.installScript.shell === 'powershell' ? powershellCommand : shCommand;
}

/** How a command reads in a message: its words, quoted where a word has spaces. */
export function describeCommand(argv: CommandArgv): string {
  return argv.map((word) => (/^[\w./:=@+-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
}
