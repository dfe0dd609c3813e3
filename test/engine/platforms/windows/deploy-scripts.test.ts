import { describe, expect, it } from 'vitest';
import { windowsAdapter } from '../../../../electron/engine/platforms/windows';
import {
  checkWindowsItemName,
  checkWindowsVersion,
  windowsItemFor,
} from '../../../../electron/engine/platforms/windows/deploy-items';
import { windowsRunPayload } from '../../../../electron/engine/platforms/windows/deploy-scripts';
import { scriptInput } from '../../../../electron/engine/ssh/command-line';
import { powershellSyntaxErrors } from './powershell-syntax';

/*
 * No Windows machine (and no PowerShell) is available here, so the deployment scripts are checked statically: that
 * they parse as PowerShell, what they must contain for the parsers and the SYSTEM task, that item text never becomes
 * script text, and the limits of the way they reach Windows. They have not been run on Windows.
 */
const deployment = windowsAdapter.deployment!;
const scripts = {
  preflight: deployment.preflightScript,
  install: deployment.installScript,
  status: deployment.installStatusScript,
  reboot: deployment.rebootScript,
  bootId: deployment.bootIdScript,
};

/** Counts brackets outside PowerShell string literals ('…' with '' escapes, "…" without backticks here). */
function unbalancedBrackets(script: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  let quote: string | null = null;
  for (const char of script) {
    if (quote !== null) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '(' || char === '{' || char === '[') stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) problems.push(char);
  }
  if (quote !== null) problems.push(`unclosed ${quote}`);
  return [...problems, ...stack];
}

describe('the Windows deployment scripts', () => {
  it('are PowerShell without sudo (the SSH user must be an administrator), brackets and quotes balanced, no backticks', () => {
    for (const [name, script] of Object.entries(scripts)) {
      expect({ name, shell: script.shell, sudo: script.sudo }).toEqual({
        name,
        shell: 'powershell',
        sudo: false,
      });
      expect({ name, problems: unbalancedBrackets(script.script) }).toEqual({ name, problems: [] });
      expect(script.script).not.toContain('`');
    }
    expect(unbalancedBrackets(windowsRunPayload)).toEqual([]);
    expect(windowsRunPayload).not.toContain('`');
  });

  it('parse as PowerShell (tree-sitter grammar), and a broken script does not', async () => {
    for (const [name, script] of Object.entries({ ...scripts, payload: { script: windowsRunPayload } })) {
      expect({ name, errors: await powershellSyntaxErrors(script.script) }).toEqual({ name, errors: [] });
    }
    const broken = windowsRunPayload.replace(
      "if ($mode -cne 'upgrade' -and",
      "if ($mode -cne 'upgrade' -and (",
    );
    expect((await powershellSyntaxErrors(broken)).length).toBeGreaterThan(0);
    expect(await powershellSyntaxErrors('try { 1 } catch {')).toEqual(['1:18: missing }']);
  });

  it('install: a one-shot task as SYSTEM, started once per tag, carrying the fixed payload as -EncodedCommand', async () => {
    const install = scripts.install.script;
    expect(install).toContain(
      "New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest",
    );
    expect(install).toContain('Register-ScheduledTask -TaskName $taskName -TaskPath $taskPath');
    expect(install).toContain('[IO.File]::Open($claim, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write)');
    expect(install).toContain("SetSecurityDescriptorSddlForm('D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)')");
    expect(install).not.toContain('request.json');
    expect(install).toContain(
      "'-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ' + [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))",
    );
    const base64 = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(install)?.[1] ?? '';
    const compact = Buffer.from(base64, 'base64').toString('utf8');
    expect(compact).toBe(windowsRunPayload.replace(/^ +/gm, ''));
    // What the task runs: the request line the install script puts in front, then the payload. CreateProcess takes
    // at most 32,767 characters, powershell.exe's path included; the script refuses a run above 30,000.
    const request = Buffer.from(
      JSON.stringify({
        mode: 'upgrade',
        items: Array.from({ length: 20 }, (_, index) => `winget:Vendor.Product${index}`),
      }),
    ).toString('base64');
    const command = `$PatchdeckRequest = '${request}'\n${compact}`;
    const argument = `-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${Buffer.from(command, 'utf16le').toString('base64')}`;
    expect(argument.length).toBeLessThan(30_000);
    expect(await powershellSyntaxErrors(command)).toEqual([]);
    const sections = [...install.matchAll(/Invoke-Section '([a-z0-9-]+)'/g)].map((match) => match[1]);
    expect(sections).toEqual(['wait', 'log', 'timing', 'result', 'start']);
    expect(install).toContain("Write-Raw ('@@patchdeck:script:windows-install@@' + $nl)");
    expect(scripts.status.script).toContain("Write-Raw ('@@patchdeck:script:windows-install@@' + $nl)");
    expect(scripts.status.script).not.toContain('Register-ScheduledTask');
  });

  it('the SYSTEM payload searches, picks the approved KBs, installs them and writes result.json, rc last', () => {
    expect(windowsRunPayload).toContain('[Convert]::FromBase64String($PatchdeckRequest)');
    expect(windowsRunPayload).toContain(`.Search("IsInstalled=0 and Type='Software'")`);
    expect(windowsRunPayload).toContain('$installation = $installer.Install()');
    expect(windowsRunPayload).toContain('$installation.GetUpdateResult($index)');
    expect(windowsRunPayload).toContain("'/uninstall', ('/kb:' + $kb.Substring(2)), '/quiet', '/norestart'");
    expect(windowsRunPayload).toContain(
      "@('upgrade', '--id', $id, '--exact', '--silent', '--accept-package-agreements', '--accept-source-agreements', '--disable-interactivity')",
    );
    expect(windowsRunPayload).toContain(
      "@('install', '--id', $id, '--exact', '--version', $version, '--force', '--silent'",
    );
    expect(windowsRunPayload).toContain("@('upgrade', $id, '-y', '--no-progress')");
    expect(windowsRunPayload).toContain(
      "@('install', $id, '--version', $version, '--allow-downgrade', '-y', '--no-progress')",
    );
    const writes = [...windowsRunPayload.matchAll(/Write-Whole '([a-z.]+)'/g)].map((match) => match[1]);
    expect(writes).toEqual(['pid', 'result.json', 'timing', 'rc']);
  });

  it('pre-flight: every section the parser reads, between the script markers', () => {
    const sections = [...scripts.preflight.script.matchAll(/Invoke-Section '([a-z0-9-]+)'/g)].map(
      (match) => match[1],
    );
    expect(sections).toEqual([
      'disk',
      'lock',
      'reboot',
      'boot-id',
      'update-history',
      'hotfixes',
      'offered',
      'winget',
      'choco',
    ]);
    expect(scripts.preflight.script).toContain("TryOpenExisting('Global\\_MSIExecute', [ref]$mutex)");
  });
});

describe('Windows items', () => {
  it('are named as the scan names them, with their source', () => {
    for (const name of [
      'KB5034441',
      'kb:KB5034441',
      'winget:Mozilla.Firefox',
      'winget:7zip.7zip',
      'choco:git',
      'choco:vscode.install',
    ]) {
      expect(() => checkWindowsItemName(name)).not.toThrow();
    }
    expect(windowsItemFor({ name: 'KB5034441', manager: 'hotfix' })).toBe('KB5034441');
    expect(windowsItemFor({ name: 'Mozilla.Firefox', manager: 'winget' })).toBe('winget:Mozilla.Firefox');
    expect(windowsItemFor({ name: 'git', manager: 'choco' })).toBe('choco:git');
    expect(
      windowsItemFor({ name: 'Intel Corporation - Display - 31.0.101.2125', manager: 'hotfix' }),
    ).toBeNull();
    expect(windowsItemFor({ name: 'DolbyLaboratories.DolbyAccessOEM_rz…', manager: 'winget' })).toBeNull();
  });

  it('refuses hostile or ambiguous names and versions', () => {
    const hostile = [
      'Mozilla.Firefox',
      'winget:Mozilla.Firefox;calc',
      "choco:git'",
      'choco:git"',
      'winget:a`b',
      'choco:$(calc)',
      'winget:-h',
      'choco:--version=1',
      'winget:Adobe AIR',
      'choco:git=2.43.0',
      'kb:5034441',
      'kb:KB5034441;x',
      'KB12',
      'apt:git',
      '',
    ];
    for (const name of hostile) expect(() => checkWindowsItemName(name), name).toThrow(/is not|does not say/);
    for (const version of ['', '-1', '1.0;calc', "1'", '1 2', '$(x)', '1`']) {
      expect(() => checkWindowsVersion(version), version).toThrow(/not a winget or Chocolatey version/);
    }
  });

  it('travel only as arguments: the scripts never contain them, and rollbacks carry name=version', () => {
    const args = deployment.installArguments('12-7', 'downgrade', [
      { name: 'KB5034441', version: null },
      { name: 'winget:GIMP.GIMP', version: '2.10.34' },
      { name: 'choco:git', version: '2.42.0' },
    ]);
    expect(args).toEqual([
      '12-7',
      'downgrade',
      'kb:KB5034441',
      'winget:GIMP.GIMP=2.10.34',
      'choco:git=2.42.0',
    ]);
    expect(
      deployment.installArguments('12-7', 'upgrade', [{ name: 'winget:GIMP.GIMP', version: null }]),
    ).toEqual(['12-7', 'upgrade', 'winget:GIMP.GIMP']);
    for (const script of Object.values(scripts)) {
      for (const arg of args.slice(2)) expect(script.script).not.toContain(arg.split(':')[1]?.split('=')[0]);
      const input = scriptInput(script, args);
      expect(input).toBe(
        `$PatchdeckArgs = @('12-7', 'downgrade', 'kb:KB5034441', 'winget:GIMP.GIMP=2.10.34', 'choco:git=2.42.0')\n${script.script}`,
      );
    }
    expect(() =>
      deployment.installArguments('1-1', 'downgrade', [{ name: 'choco:git', version: '1;x' }]),
    ).toThrow(/not a winget or Chocolatey version/);
    expect(() => deployment.installArguments('1-1', 'upgrade', [{ name: 'git', version: null }])).toThrow(
      /does not say where it comes from/,
    );
  });
});
