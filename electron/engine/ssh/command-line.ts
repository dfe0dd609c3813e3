import { AppError, assertNever } from '../../../shared/errors';
import type { RemoteScript } from '../platforms/types';

/**
 * First line a sudo'd script writes to stderr, and to stdout. sudo's own complaints (wrong password, not in
 * sudoers) come before the script starts, so a failed run without this line is sudo refusing, not the script
 * failing. On each stream, what comes before it is not the script's: the live view starts after it (a device that
 * echoes stdin would otherwise show the password there). Both streams have it because sshd does not keep their
 * order: the script's first stdout may arrive before the stderr line.
 */
export const sudoGrantedMarker = 'patchdeck: sudo granted';

/**
 * What PowerShell runs from the command line: read the real script from stdin as UTF-8 and run it. Windows
 * OpenSSH's default shell is often cmd.exe, whose command line stops at 8,191 characters, and the scan script
 * alone encodes to about 20,000; stdin has no such limit.
 */
const powershellBootstrap =
  "$ErrorActionPreference = 'Stop'; " +
  '$reader = New-Object IO.StreamReader([Console]::OpenStandardInput(), (New-Object Text.UTF8Encoding($false))); ' +
  '& ([scriptblock]::Create($reader.ReadToEnd()))';
const powershellCommand = `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${Buffer.from(
  powershellBootstrap,
  'utf16le',
).toString('base64')}`;

/** Quote one value for a POSIX shell: inside single quotes nothing is special except the quote itself. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Quote one value as a PowerShell single-quoted literal, where the only escape is a doubled quote. */
export function powershellQuote(value: string): string {
  // PowerShell also treats the typographic single quotes as quote characters, so they are doubled too.
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/**
 * The exact command line sent over SSH for a script and its arguments. The script is fixed Patchdeck text; the
 * arguments are data and reach the script as "$1".."$n" (sh) or $PatchdeckArgs (PowerShell), never as code.
 * Throws AppError 'invalid-input' when an argument cannot be passed intact.
 */
export function buildCommandLine(script: RemoteScript, args: readonly string[], viaSudo: boolean): string {
  args.forEach((arg, index) => {
    if (arg.includes('\0')) {
      throw new AppError(
        'invalid-input',
        `Argument ${index + 1} for the remote script contains a NUL character, which a command line cannot carry.`,
      );
    }
  });
  switch (script.shell) {
    case 'sh':
      return shCommandLine(script.script, args, viaSudo);
    case 'powershell':
      return powershellCommandLine();
    default:
      return assertNever(script.shell, 'remote shell');
  }
}

function shCommandLine(script: string, args: readonly string[], viaSudo: boolean): string {
  // "patchdeck" becomes $0, so the first argument is $1 as a script author expects.
  const quotedArgs = args.map(shQuote).join(' ');
  const tail = quotedArgs.length > 0 ? ` patchdeck ${quotedArgs}` : ' patchdeck';
  if (!viaSudo) return `sh -c ${shQuote(script)}${tail}`;
  // stdin is cut off once sudo is through: when sudo needs no password (NOPASSWD, cached) the password line
  // would otherwise be read by the script, for example as the answer to a dpkg prompt.
  const marker = shQuote(sudoGrantedMarker);
  const marked = `exec </dev/null; printf '%s\\n' ${marker}; printf '%s\\n' ${marker} >&2\n${script}`;
  // -S: password from stdin; -p '': no prompt text mixed into stderr; --: nothing after it is a sudo option.
  return `sudo -S -p '' -- sh -c ${shQuote(marked)}${tail}`;
}

function powershellCommandLine(): string {
  return powershellCommand;
}

/**
 * The stdin of a PowerShell run: a `$PatchdeckArgs` line holding the arguments as single-quoted literals, then
 * the script. Empty for sh scripts, whose arguments travel on the command line.
 */
export function scriptInput(script: RemoteScript, args: readonly string[]): string {
  if (script.shell !== 'powershell') return '';
  return `$PatchdeckArgs = @(${args.map(powershellQuote).join(', ')})\n${script.script}`;
}
