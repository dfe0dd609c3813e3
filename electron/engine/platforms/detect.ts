import type { OsFacts, PlatformFamily } from '../../../shared/domain/inventory';
import type { RemoteOutput, RemoteScript } from './types';
import { ParseError } from './types';
import { expectScript, framedShScript, requireSection, splitSections } from './script-sections';
import type { ScriptSection } from './script-sections';
import {
  linuxFamilyOf,
  linuxOsFacts,
  parseOsRelease,
  parseUname,
  shOsFactsFunctions,
  shOsFactsSections,
} from './linux-os-facts';
import type { UnameFacts } from './linux-os-facts';

/** What detection learned: which adapter scans this device, and its OS facts. */
export interface Detection {
  readonly family: PlatformFamily;
  readonly os: OsFacts;
}

const detectScriptName = 'detect';

/**
 * The first script Patchdeck runs on a new device, without sudo. On Linux and macOS it prints uname, os-release
 * and sw_vers. On Windows OpenSSH there is usually no `sh`: cmd.exe and PowerShell answer with their own
 * "is not recognized" message, which parseDetection reads as Windows; with Git for Windows' sh on the PATH,
 * uname says MINGW/MSYS and that is read as Windows too.
 */
export const detectScript: RemoteScript = {
  shell: 'sh',
  sudo: false,
  script: framedShScript(
    detectScriptName,
    `${shOsFactsFunctions}pd_sw_vers() {
  if command -v sw_vers >/dev/null 2>&1; then sw_vers; else return 127; fi
}
${shOsFactsSections}pd_section sw-vers pd_sw_vers
`,
  ),
};

// What Windows shells say when the SSH layer's `sh -c …` meets a device with no sh (cmd.exe; PowerShell 5.1 "the
// name", PowerShell 7 "a name").
const windowsShellAnswers = [
  /'sh' is not recognized as an internal or external command/,
  /The term 'sh' is not recognized as (?:the|a) name of a cmdlet/,
];
// The same refusal in the device's own language ('sh' n'est pas reconnu…, Der Befehl "sh" ist entweder…, Die
// Benennung "sh" wurde nicht…): the words change, but the first line names sh in quotes and, Windows' shells
// writing CRLF, ends in a carriage return. PowerShell 5.1 also adds its error id, which is never translated.
const quotedSh = /(?:'sh'|"sh"|«\s?sh\s?»|„sh“|“sh”|‘sh’)/;
const untranslatedErrorId = /\bCommandNotFoundException\b/;

function isWindowsShellRefusal(output: RemoteOutput): boolean {
  if (output.stdout.includes('@@patchdeck:script:')) return false;
  const everything = `${output.stdout}\n${output.stderr}`;
  if (windowsShellAnswers.some((answer) => answer.test(everything))) return true;
  if (untranslatedErrorId.test(everything)) return true;
  const firstLine = /^[^\n]*\S[^\n]*(?:\n|$)/m.exec(everything)?.[0] ?? '';
  return quotedSh.test(firstLine) && firstLine.endsWith('\r\n');
}

/**
 * Reads the detection run. Returns the adapter family and OS facts; throws ParseError on garbage, on a cut-short
 * run, and on a system Patchdeck has no adapter for (naming it).
 */
export function parseDetection(output: RemoteOutput): Detection {
  if (isWindowsShellRefusal(output)) return windows(null, null);
  if (output.stdout.trim() === '' && output.stderr.trim() !== '') {
    // Without this, the device's own answer (a login shell or appliance CLI refusing sh) would be hidden behind
    // "no output at all".
    throw new ParseError(
      `The device did not run the detection script; it answered: "${oneLine(output.stderr)}".`,
    );
  }
  const run = splitSections(output.stdout);
  expectScript(run, detectScriptName);
  const uname = parseUname(requireSection(run, 'uname'));
  if (uname.system === 'Linux') return linux(requireSection(run, 'os-release'), uname);
  if (uname.system === 'Darwin') return macos(requireSection(run, 'sw-vers'), uname);
  // Git for Windows says MINGW64_NT-10.0-19045, MSYS2 MSYS_NT-…, Cygwin CYGWIN_NT-…: Windows version and build.
  const windowsBuild = /^(?:MINGW\d*|MSYS|CYGWIN)_NT-(\d+\.\d+)(?:-(\d+))?/.exec(uname.system);
  if (windowsBuild) return windows(windowsBuild[1] ?? null, windowsBuild[2] ?? null, uname);
  throw new ParseError(`The device runs ${uname.system}, which Patchdeck has no adapter for.`);
}

function linux(section: ScriptSection, uname: UnameFacts): Detection {
  if (section.exitCode !== 0) {
    throw new ParseError(
      'The Linux device has neither /etc/os-release nor /usr/lib/os-release, so its distribution is unknown.',
    );
  }
  const osRelease = parseOsRelease(section.stdout);
  const family = linuxFamilyOf(osRelease);
  if (family === null) {
    const name = osRelease.get('PRETTY_NAME') ?? osRelease.get('ID') ?? 'an unnamed distribution';
    throw new ParseError(`The device runs ${name}, a Linux distribution Patchdeck has no adapter for.`);
  }
  return { family, os: linuxOsFacts(family, osRelease, uname) };
}

function macos(section: ScriptSection, uname: UnameFacts): Detection {
  const fields = new Map<string, string>();
  for (const line of section.stdout.split('\n')) {
    const match = /^(\w+):\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) fields.set(match[1], match[2]);
  }
  const product = fields.get('ProductName');
  const version = fields.get('ProductVersion');
  if (section.exitCode !== 0 || !product || !version) {
    throw new ParseError(
      `The Mac did not answer sw_vers with a product name and version (it said: "${section.stdout.trim().slice(0, 80)}").`,
    );
  }
  return {
    family: 'macos',
    os: {
      family: 'macos',
      name: `${product} ${version}`,
      id: 'macos',
      version,
      codename: fields.get('BuildVersion') ?? null,
      kernel: uname.kernel,
      arch: uname.arch,
      hostname: uname.hostname,
    },
  };
}

function windows(version: string | null, build: string | null, uname?: UnameFacts): Detection {
  return {
    family: 'windows',
    os: {
      family: 'windows',
      name: version ? `Windows ${version}` : 'Windows',
      id: 'windows',
      version,
      codename: build,
      kernel: null,
      arch: uname?.arch ?? null,
      hostname: uname?.hostname ?? null,
    },
  };
}

function oneLine(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}
