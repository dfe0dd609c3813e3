import { describe, expect, it } from 'vitest';
import { windowsAdapter } from '../../../../electron/engine/platforms/windows';

/*
 * No Windows machine (and no PowerShell) is available here, so the script is checked statically: what it must
 * contain for the parser, and the limits of the way the SSH layer runs it. It has not been run on Windows.
 */
const quick = windowsAdapter.scanScript('quick');
const full = windowsAdapter.scanScript('full');

/** Counts brackets outside PowerShell string literals ('…' with '' escapes, "…" without backticks in this script). */
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

describe('the Windows scan script', () => {
  it('is a PowerShell script run without elevation, quick searching the cache and full searching online', () => {
    expect({ shell: quick.shell, sudo: quick.sudo }).toEqual({ shell: 'powershell', sudo: false });
    expect(quick.script).toContain('$online = $false\n');
    expect(full.script).toContain('$online = $true\n');
    expect(full.script.replace('$online = $true', '$online = $false')).toBe(quick.script);
  });

  it('frames every section the parser reads, between the script markers', () => {
    const sections = [...full.script.matchAll(/Invoke-Section '([a-z0-9-]+)'/g)].map((match) => match[1]);
    expect(sections).toEqual([
      'os',
      'windows-update',
      'update-history',
      'hotfixes',
      'programs',
      'reboot-signals',
      'winget',
      'choco',
    ]);
    expect(full.script).toContain("Write-Raw ('@@patchdeck:script:windows-scan@@' + $nl)");
    expect(full.script.trimEnd().split('\n').slice(-2)).toEqual([
      "Write-Raw ('@@patchdeck:end:windows-scan@@' + $nl)",
      '$stdout.Flush()',
    ]);
  });

  it('prints UTF-8 and searches what the brief asks', () => {
    expect(full.script).toContain('$stdout.Write($bytes, 0, $bytes.Length)');
    expect(full.script).toContain('New-Object System.Text.UTF8Encoding $false');
    expect(full.script).toContain(`$searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")`);
    expect(full.script).toContain('QueryHistory(0, $count)');
    expect(full.script).toContain('& $exe upgrade --accept-source-agreements');
    expect(full.script).toContain('& $command.Path outdated -r');
  });

  it('is plain ASCII without backticks and with balanced brackets and quotes', () => {
    const foreign = [...full.script].filter(
      (char) => char !== '\t' && char !== '\n' && (char < ' ' || char > '~'),
    );
    expect(foreign).toEqual([]);
    expect(full.script).not.toContain('`');
    expect(unbalancedBrackets(full.script)).toEqual([]);
  });

  it('fits a Windows command line once encoded for -EncodedCommand', () => {
    // CreateProcess takes at most 32,767 characters; the rest of the command line needs about 90.
    const encoded = Buffer.from(full.script, 'utf16le').toString('base64');
    expect(encoded.length).toBeLessThan(32_767 - 200);
  });
});
