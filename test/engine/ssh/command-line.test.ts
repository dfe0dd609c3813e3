import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  buildCommandLine,
  powershellQuote,
  scriptInput,
  shQuote,
} from '../../../electron/engine/ssh/command-line';

const run = promisify(execFile);
const echoArgs = { shell: 'sh', script: `for a in "$@"; do printf '%s\\0' "$a"; done`, sudo: false } as const;
// Any text a command line can carry: everything but NUL, weighted towards what shells treat specially.
const shellSpecial = fc.constantFrom("'", '"', '\\', '$', '`', '\n', ' ', ';', '*', '-');
const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const argument = fc
  .string({ unit: fc.oneof(shellSpecial, anyCodePoint), maxLength: 40 })
  .filter((value) => !value.includes('\0'));

/** What sshd does with a command line: hand it to the login shell as `sh -c <line>`. */
async function asSshdRunsIt(commandLine: string): Promise<string[]> {
  const { stdout } = await run('sh', ['-c', commandLine]);
  return stdout.split('\0').slice(0, -1);
}

describe('sh command lines', () => {
  it('has the documented shape', () => {
    expect(buildCommandLine({ shell: 'sh', script: `echo "$1"`, sudo: false }, ["it's"], false)).toBe(
      `sh -c 'echo "$1"' patchdeck 'it'\\''s'`,
    );
    expect(buildCommandLine({ shell: 'sh', script: 'id -u', sudo: true }, [], true)).toBe(
      "sudo -S -p '' -- sh -c 'exec </dev/null; " +
        "printf '\\''%s\\n'\\'' '\\''patchdeck: sudo granted'\\''; " +
        "printf '\\''%s\\n'\\'' '\\''patchdeck: sudo granted'\\'' >&2\nid -u' patchdeck",
    );
  });

  it('delivers any arguments to the script literally (checked by a real sh)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(argument, { maxLength: 5 }), async (args) => {
        expect(await asSshdRunsIt(buildCommandLine(echoArgs, args, false))).toEqual(args);
      }),
      { numRuns: 150 },
    );
  });

  it('quotes any single value so sh reads it back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(argument, async (value) => {
        const { stdout } = await run('sh', ['-c', `printf '%s' ${shQuote(value)}`]);
        expect(stdout).toBe(value);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a NUL in an argument, naming which one', () => {
    expect(() => buildCommandLine(echoArgs, ['fine', 'bad\0'], false)).toThrow(
      new AppError(
        'invalid-input',
        'Argument 2 for the remote script contains a NUL character, which a command line cannot carry.',
      ),
    );
  });
});

describe('PowerShell command lines', () => {
  const script = { shell: 'powershell', script: 'Get-HotFix | ConvertTo-Json', sudo: true } as const;
  const prefix = 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ';

  it('runs a short bootstrap that reads the script from stdin, so it fits a cmd.exe command line', () => {
    const commandLine = buildCommandLine(script, ['KB5034441'], true);
    expect(commandLine.startsWith(prefix)).toBe(true);
    expect(commandLine.length).toBeLessThan(8_191);
    const bootstrap = Buffer.from(commandLine.slice(prefix.length), 'base64').toString('utf16le');
    expect(bootstrap).toContain('[Console]::OpenStandardInput()');
    expect(bootstrap).not.toContain('KB5034441');
    expect(buildCommandLine({ ...script, script: 'x'.repeat(50_000) }, [], false)).toBe(commandLine);
  });

  it('sends the arguments as a $PatchdeckArgs line of quoted literals, then the script, on stdin', () => {
    expect(scriptInput(script, ["KB50'1", 'ü ‘x’', '$(Stop-Computer)'])).toBe(
      `$PatchdeckArgs = @('KB50''1', 'ü ‘‘x’’', '$(Stop-Computer)')\nGet-HotFix | ConvertTo-Json`,
    );
    expect(scriptInput(script, [])).toBe(`$PatchdeckArgs = @()\nGet-HotFix | ConvertTo-Json`);
    expect(scriptInput({ shell: 'sh', script: 'id', sudo: false }, ['x'])).toBe('');
  });

  it('doubles every kind of single quote PowerShell recognises', () => {
    expect(powershellQuote(`a'b‘c’d‚e‛f`)).toBe(`'a''b‘‘c’’d‚‚e‛‛f'`);
  });
});
