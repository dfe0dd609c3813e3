import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { detectScript, parseDetection } from '../../../../electron/engine/platforms/detect';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture, framedRun, unameSection } from './framed-run';

const linuxDetection = (osRelease: string) =>
  parseDetection(
    framedRun('detect', [
      unameSection('5.15.0-91-generic', 'x86_64', 'client-pc'),
      { name: 'os-release', stdout: osRelease },
      { name: 'sw-vers', exitCode: 127 },
    ]),
  );

describe('detectScript run for real on this machine', () => {
  it.each([
    ['dash', ['sh']],
    ['busybox ash', ['busybox', 'sh']],
  ] as const)('detects Debian 12 under %s, without sudo', (_name, [shell, ...args]) => {
    expect(detectScript).toMatchObject({ shell: 'sh', sudo: false });
    const stdout = execFileSync(shell, [...args, '-c', detectScript.script], { encoding: 'utf8' });
    const detection = parseDetection({ stdout, stderr: '', exitCode: 0 });
    expect(detection.family).toBe('debian');
    expect(detection.os).toMatchObject({
      family: 'debian',
      id: 'debian',
      version: '12',
      codename: 'bookworm',
      hostname: hostname(),
    });
    expect(detection.os.kernel).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
  });
});

describe('parseDetection on recorded os-release files', () => {
  it.each([
    ['debian/ubuntu-22.04.os-release', 'debian', 'ubuntu', 'jammy'],
    ['debian/linux-mint-18.2.os-release', 'debian', 'linuxmint', 'sonya'],
    ['rhel/rocky-8.6.os-release', 'rhel', 'rocky', null],
    ['rhel/rhel-7.5.os-release', 'rhel', 'rhel', null],
    ['rhel/amazon-linux-2.os-release', 'rhel', 'amzn', null],
    ['rhel/fedora-38.os-release', 'rhel', 'fedora', null],
    ['suse/opensuse-leap-42.1.os-release', 'suse', 'opensuse', null],
    ['alpine/alpine-3.4.os-release', 'alpine', 'alpine', null],
    ['arch/arch.os-release', 'arch', 'arch', null],
    ['arch/manjaro.os-release', 'arch', 'manjaro', null],
  ])('%s is %s', (file, family, id, codename) => {
    const detection = linuxDetection(fixture(file));
    expect(detection.family).toBe(family);
    expect(detection.os).toMatchObject({
      family,
      id,
      codename,
      kernel: '5.15.0-91-generic',
      arch: 'x86_64',
      hostname: 'client-pc',
    });
  });

  it('names a Linux distribution it has no adapter for', () => {
    const gentoo = 'NAME=Gentoo\nID=gentoo\nPRETTY_NAME="Gentoo/Linux"\n';
    expect(() => linuxDetection(gentoo)).toThrow(
      /runs Gentoo\/Linux, a Linux distribution Patchdeck has no adapter for/,
    );
  });
});

describe('parseDetection on macOS and Windows answers', () => {
  it('reads sw_vers on a Mac (recorded sw_vers of macOS 10.13)', () => {
    const detection = parseDetection(
      framedRun('detect', [
        unameSection('17.0.0', 'x86_64', 'studio-imac', 'Darwin'),
        { name: 'os-release', exitCode: 3 },
        {
          name: 'sw-vers',
          stdout: 'ProductName:\tMac OS X\nProductVersion:\t10.13\nBuildVersion:\t17A405\n',
        },
      ]),
    );
    expect(detection).toEqual({
      family: 'macos',
      os: {
        family: 'macos',
        name: 'Mac OS X 10.13',
        id: 'macos',
        version: '10.13',
        codename: '17A405',
        kernel: '17.0.0',
        arch: 'x86_64',
        hostname: 'studio-imac',
      },
    });
  });

  it('recognises cmd.exe refusing sh (Windows OpenSSH default shell)', () => {
    const detection = parseDetection({
      stdout: '',
      stderr:
        "'sh' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
      exitCode: 1,
    });
    expect(detection.family).toBe('windows');
    expect(detection.os.id).toBe('windows');
  });

  it('recognises PowerShell 5.1 and 7 refusing sh', () => {
    const ps51 =
      "sh : The term 'sh' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\r\n";
    const ps7 =
      "sh: The term 'sh' is not recognized as a name of a cmdlet, function, script file, or executable program.\r\n";
    expect(parseDetection({ stdout: '', stderr: ps51, exitCode: 1 }).family).toBe('windows');
    expect(parseDetection({ stdout: '', stderr: ps7, exitCode: 1 }).family).toBe('windows');
  });

  // Written by hand from the German and French message texts of cmd.exe and PowerShell (no localised Windows is
  // reachable from here), with CRLF as Windows OpenSSH sends them; cmd.exe writes in the console's OEM code page,
  // so its "é" arrives as a byte that a UTF-8 decoder turns into U+FFFD.
  it.each([
    [
      'German cmd.exe',
      'Der Befehl "sh" ist entweder falsch geschrieben oder\r\nkonnte nicht gefunden werden.\r\n',
    ],
    [
      'French cmd.exe',
      "'sh' n'est pas reconnu en tant que commande interne\r\nou externe, un programme ex\ufffdcutable ou un fichier de commandes.\r\n",
    ],
    [
      'German PowerShell 5.1',
      'sh : Die Benennung "sh" wurde nicht als Name eines Cmdlet, einer Funktion, einer Skriptdatei oder eines ausführbaren Programms erkannt. Überprüfen Sie die Schreibweise des Namens, oder ob der Pfad korrekt ist (sofern enthalten), und wiederholen Sie den Vorgang.\r\nIn Zeile:1 Zeichen:1\r\n+ sh -c \'exec </dev/null\r\n+ ~~\r\n    + CategoryInfo          : ObjectNotFound: (sh:String) [], CommandNotFoundException\r\n    + FullyQualifiedErrorId : CommandNotFoundException\r\n',
    ],
    [
      'German PowerShell 7',
      'sh: Die Benennung "sh" wurde nicht als Name eines Cmdlet, einer Funktion, einer Skriptdatei oder eines ausführbaren Programms erkannt.\r\n',
    ],
  ])('recognises %s refusing sh (a Windows in another language)', (_shell, stderr) => {
    expect(parseDetection({ stdout: '', stderr, exitCode: 1 }).family).toBe('windows');
  });

  it("reads Git for Windows' sh as Windows with its version and build", () => {
    const detection = parseDetection(
      framedRun('detect', [
        unameSection('3.4.10-87d57229.x86_64', 'x86_64', 'FRONTDESK-01', 'MINGW64_NT-10.0-19045'),
        { name: 'os-release', exitCode: 3 },
        { name: 'sw-vers', exitCode: 127 },
      ]),
    );
    expect(detection.os).toMatchObject({
      family: 'windows',
      name: 'Windows 10.0',
      version: '10.0',
      codename: '19045',
      hostname: 'FRONTDESK-01',
    });
  });

  it.each([
    ['empty output', { stdout: '', stderr: '', exitCode: 0 }, /no output at all/],
    [
      'a shell error',
      { stdout: 'sh: 1: Syntax error: Unterminated quoted string\n', stderr: '', exitCode: 2 },
      /does not start with a Patchdeck script marker/,
    ],
    [
      "a network appliance's CLI refusing sh",
      { stdout: '', stderr: "Unknown command: 'sh'\n", exitCode: 1 },
      /did not run the detection script; it answered: "Unknown command: 'sh'"/,
    ],
    [
      'FreeBSD',
      framedRun('detect', [
        unameSection('14.0-RELEASE', 'amd64', 'fw', 'FreeBSD'),
        { name: 'os-release', stdout: 'ID=freebsd\n' },
        { name: 'sw-vers', exitCode: 127 },
      ]),
      /runs FreeBSD, which Patchdeck has no adapter for/,
    ],
    [
      'Linux without os-release',
      framedRun('detect', [
        unameSection('2.6.32', 'i686', 'old'),
        { name: 'os-release', exitCode: 3 },
        { name: 'sw-vers', exitCode: 127 },
      ]),
      /neither \/etc\/os-release nor/,
    ],
    [
      'a Mac whose sw_vers failed',
      framedRun('detect', [
        unameSection('23.5.0', 'arm64', 'mbp', 'Darwin'),
        { name: 'os-release', exitCode: 3 },
        { name: 'sw-vers', exitCode: 127 },
      ]),
      /did not answer sw_vers/,
    ],
    [
      'a truncated run',
      {
        stdout: framedRun('detect', [unameSection('6.1.0', 'x86_64', 'h')]).stdout.slice(0, 60),
        stderr: '',
        exitCode: null,
      },
      /cut short/,
    ],
  ])('throws ParseError on %s', (_what, output, message) => {
    expect(() => parseDetection(output)).toThrow(ParseError);
    expect(() => parseDetection(output)).toThrow(message);
  });
});
