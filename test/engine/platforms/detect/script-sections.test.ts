import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  framedShScript,
  splitSections,
  markerLine,
  stderrSummary,
} from '../../../../electron/engine/platforms/script-sections';
import { ParseError } from '../../../../electron/engine/platforms/types';

const body = `pd_no_newline() { printf 'last line without break'; }
pd_fails() { echo 'partial output'; echo 'something broke' >&2; return 3; }
pd_stdin() { cat; }
pd_section no-newline pd_no_newline
pd_section fails pd_fails
pd_section missing patchdeck-no-such-command --flag
pd_section silent true
pd_section stdin pd_stdin
pd_section locale sh -c 'echo "$LC_ALL"'
`;

// The same script under every POSIX shell a device may have as sh.
const shells = [
  ['dash', ['sh']],
  ['busybox ash', ['busybox', 'sh']],
  ['bash --posix', ['bash', '--posix']],
] as const;

describe('framedShScript and splitSections on a real shell run', () => {
  it.each(shells)('frames every command exactly under %s', (_name, [shell, ...args]) => {
    // A sudo password on stdin must never reach the commands: the script closes stdin first. (A file, not a
    // pipe, so the shell closing it early cannot race the write.)
    const dir = mkdtempSync(join(tmpdir(), 'patchdeck-frame-'));
    writeFileSync(join(dir, 'stdin'), 'secret-password\n');
    const stdin = openSync(join(dir, 'stdin'), 'r');
    let stdout: string;
    try {
      stdout = execFileSync(shell, [...args, '-c', framedShScript('frame-test', body)], {
        encoding: 'utf8',
        stdio: [stdin, 'pipe', 'pipe'],
      });
    } finally {
      closeSync(stdin);
      rmSync(dir, { recursive: true, force: true });
    }
    const run = splitSections(stdout);
    expect(run.script).toBe('frame-test');
    expect([...run.sections.keys()]).toEqual(['no-newline', 'fails', 'missing', 'silent', 'stdin', 'locale']);
    expect(run.sections.get('no-newline')).toEqual({
      name: 'no-newline',
      stdout: 'last line without break',
      stderr: '',
      exitCode: 0,
    });
    expect(run.sections.get('fails')).toEqual({
      name: 'fails',
      stdout: 'partial output\n',
      stderr: 'something broke\n',
      exitCode: 3,
    });
    expect(run.sections.get('missing')?.exitCode).toBe(127);
    expect(run.sections.get('missing')?.stderr).toMatch(/patchdeck-no-such-command/);
    expect(run.sections.get('silent')).toEqual({ name: 'silent', stdout: '', stderr: '', exitCode: 0 });
    expect(run.sections.get('stdin')?.stdout).toBe('');
    expect(run.sections.get('locale')?.stdout).toBe('C\n');
  });
});

describe('splitSections on bad output', () => {
  const good = [
    markerLine('script', 's'),
    markerLine('section', 'a'),
    'hello',
    markerLine('stderr', 'a'),
    '',
    markerLine('exit', 'a', 0),
    markerLine('end', 's'),
    '',
  ].join('\n');

  it('ignores a login banner before the frame and reads CRLF line breaks (PowerShell writers)', () => {
    const run = splitSections(`Welcome to host!\r\n${good.replaceAll('\n', '\r\n')}`);
    expect(run.sections.get('a')).toEqual({ name: 'a', stdout: 'hello', stderr: '', exitCode: 0 });
  });

  it.each([
    ['empty output', '', /no output at all/],
    ['only whitespace', ' \n\n', /no output at all/],
    [
      'text without a frame',
      'Permission denied\n',
      /does not start with a Patchdeck script marker.*Permission denied/,
    ],
    [
      'a cut inside a section',
      good.slice(0, good.indexOf('@@patchdeck:exit')),
      /cut short inside section "a"/,
    ],
    ['a missing end marker', good.slice(0, good.indexOf('@@patchdeck:end')), /cut short after section "a"/],
    [
      'markers out of order',
      good.replace(markerLine('stderr', 'a'), markerLine('stderr', 'b')),
      /not framed correctly/,
    ],
    [
      'a stray marker',
      good.replace(markerLine('end', 's'), `${markerLine('stderr', 'x')}\n${markerLine('end', 's')}`),
      /stray "stderr" marker/,
    ],
    [
      'a duplicated section',
      good.replace(
        markerLine('end', 's'),
        good.split('\n').slice(1, 6).join('\n') + '\n' + markerLine('end', 's'),
      ),
      /appears twice/,
    ],
    [
      "another script's end",
      good.replace(markerLine('end', 's'), markerLine('end', 't')),
      /ends with the marker of another script/,
    ],
  ])('throws ParseError on %s', (_what, stdout, message) => {
    expect(() => splitSections(stdout)).toThrow(ParseError);
    expect(() => splitSections(stdout)).toThrow(message);
  });

  it('summarises stderr for messages, or names the exit code when there is none', () => {
    expect(stderrSummary({ name: 'x', stdout: '', stderr: 'E: one\n\nE: two\n', exitCode: 100 })).toBe(
      'E: one / E: two',
    );
    expect(stderrSummary({ name: 'x', stdout: '', stderr: '', exitCode: 100 })).toBe('exit code 100');
  });
});
