import { markerLine } from '../script-sections';
import { powershellPrelude as prelude } from './powershell-sections';
import type { ScanDepth } from '../types';

/** Name of the Windows scan script in its frame, checked by the parser. */
export const windowsScanScriptName = 'windows-scan';

/*
 * The Windows scan script: Windows PowerShell 5.1 (the SSH layer runs it with -EncodedCommand, whatever the OpenSSH
 * server's default shell is). It prints UTF-8 in the frame of ../script-sections.ts, one section per source;
 * structured sections are compact JSON built by the script itself, so the parser never reads PowerShell's formatted
 * tables. Each section runs in its own try/catch: a COM error (e.g. 0x8024402C from Windows Update behind a broken
 * proxy) becomes that section's exit code 1 and an "error: … (HRESULT 0x…)" line on its stderr, and the script
 * carries on.
 *
 * The text has no backticks (PowerShell's escape character): newlines come from [char]10, so this file can hold it
 * in a plain template literal.
 */

const os = String.raw`Invoke-Section 'os' {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem
  $cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $arch = $env:PROCESSOR_ARCHITEW6432
  if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
  ConvertTo-CompactJson ([ordered]@{
    caption = [string]$os.Caption
    version = [string]$os.Version
    buildNumber = [string]$os.BuildNumber
    osArchitecture = [string]$os.OSArchitecture
    ubr = [string]$cv.UBR
    displayVersion = [string]$cv.DisplayVersion
    hostname = [string]$env:COMPUTERNAME
    processorArchitecture = [string]$arch
    powershellVersion = [string]$PSVersionTable.PSVersion
  })
}
`;

const windowsUpdateSearch = String.raw`Invoke-Section 'windows-update' {
  $session = New-Object -ComObject Microsoft.Update.Session
  $session.ClientApplicationID = 'Patchdeck'
  $searcher = $session.CreateUpdateSearcher()
  $searcher.Online = $online
  $result = $searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")
  $updates = @(foreach ($u in $result.Updates) {
    [ordered]@{
      title = [string]$u.Title
      updateId = [string]$u.Identity.UpdateID
      revision = [int]$u.Identity.RevisionNumber
      kbArticleIds = @(foreach ($kb in $u.KBArticleIDs) { [string]$kb })
      msrcSeverity = [string]$u.MsrcSeverity
      categories = @(foreach ($c in $u.Categories) { [ordered]@{ name = [string]$c.Name; id = [string]$c.CategoryID; type = [string]$c.Type } })
      rebootBehavior = [int]$u.InstallationBehavior.RebootBehavior
      isDownloaded = [bool]$u.IsDownloaded
      cveIds = @(foreach ($cve in $u.CveIDs) { [string]$cve })
      securityBulletinIds = @(foreach ($bulletin in $u.SecurityBulletinIDs) { [string]$bulletin })
      lastDeploymentChangeTime = Get-UtcText $u.LastDeploymentChangeTime
    }
  })
  ConvertTo-CompactJson ([ordered]@{ resultCode = [int]$result.ResultCode; online = $online; updates = $updates })
}
`;

/** Windows Update's history of installs and uninstalls, as JSON; the pre-flight reads it too. */
export const updateHistorySection = String.raw`Invoke-Section 'update-history' {
  $searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
  $count = $searcher.GetTotalHistoryCount()
  $entries = @()
  if ($count -gt 0) {
    $entries = @(foreach ($h in $searcher.QueryHistory(0, $count)) {
      [ordered]@{ title = [string]$h.Title; operation = [int]$h.Operation; resultCode = [int]$h.ResultCode; date = Get-UtcText $h.Date }
    })
  }
  ConvertTo-CompactJson $entries
}
`;

/** Get-HotFix's list, as JSON; the pre-flight reads it too. */
export const hotfixesSection = String.raw`Invoke-Section 'hotfixes' {
  $fixes = @(foreach ($fix in Get-HotFix) {
    $installedOn = $null
    try { if ($fix.InstalledOn) { $installedOn = $fix.InstalledOn.ToString('yyyy-MM-dd') } } catch { $installedOn = $null }
    [ordered]@{ hotFixId = [string]$fix.HotFixID; description = [string]$fix.Description; installedOn = $installedOn }
  })
  ConvertTo-CompactJson $fixes
}
`;

const installed =
  updateHistorySection +
  hotfixesSection +
  String.raw`Invoke-Section 'programs' {
  $roots = @(
    @{ path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'; scope = 'machine' },
    @{ path = 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'; scope = 'machine-32' },
    @{ path = 'HKCU:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'; scope = 'user' }
  )
  $programs = @(foreach ($root in $roots) {
    if (Test-Path -LiteralPath $root.path) {
      foreach ($key in Get-ChildItem -LiteralPath $root.path -ErrorAction SilentlyContinue) {
        [ordered]@{
          scope = $root.scope
          key = [string]$key.PSChildName
          displayName = [string]$key.GetValue('DisplayName')
          displayVersion = [string]$key.GetValue('DisplayVersion')
          publisher = [string]$key.GetValue('Publisher')
          systemComponent = [string]$key.GetValue('SystemComponent')
        }
      }
    }
  })
  ConvertTo-CompactJson $programs
}
`;

const reboot = String.raw`Invoke-Section 'reboot-signals' {
  $systemInfo = $null
  try { $systemInfo = [bool](New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired } catch { $systemInfo = $null }
  $renames = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name PendingFileRenameOperations -ErrorAction SilentlyContinue
  ConvertTo-CompactJson ([ordered]@{
    cbsRebootPending = [bool](Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending')
    windowsUpdateRebootRequired = [bool](Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired')
    pendingFileRenameOperations = [bool]($null -ne $renames -and $null -ne $renames.PendingFileRenameOperations)
    systemInfoRebootRequired = $systemInfo
  })
}
`;

// winget and choco print text, not JSON (stderr joined in); their exit codes become the section's. 127: not there.
const thirdParty = String.raw`Invoke-Section 'winget' {
  $ErrorActionPreference = 'Continue'
  # The real executable first: the per-user alias in %LOCALAPPDATA%\Microsoft\WindowsApps often cannot be started
  # from a non-interactive session. Listing Program Files\WindowsApps needs administrator rights, hence the fallback.
  $exe = $null
  $found = @(Resolve-Path -Path "$env:ProgramFiles\WindowsApps\Microsoft.DesktopAppInstaller_*__8wekyb3d8bbwe\winget.exe" -ErrorAction SilentlyContinue)
  if ($found.Count -gt 0) { $exe = $found[-1].Path }
  if ($null -eq $exe) {
    $command = Get-Command -Name winget.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -ne $command) { $exe = $command.Path }
  }
  if ($null -eq $exe) { $global:PatchdeckExit = 127; $global:PatchdeckStderr = 'winget is not installed'; return }
  $text = @(& $exe upgrade --accept-source-agreements 2>&1 | ForEach-Object { [string]$_ })
  $global:PatchdeckExit = $LASTEXITCODE
  $text
}
Invoke-Section 'choco' {
  $ErrorActionPreference = 'Continue'
  $command = Get-Command -Name choco.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
  if ($null -eq $command) { $global:PatchdeckExit = 127; $global:PatchdeckStderr = 'choco is not installed'; return }
  $text = @(& $command.Path outdated -r 2>&1 | ForEach-Object { [string]$_ })
  $global:PatchdeckExit = $LASTEXITCODE
  $text
}
`;

/**
 * The fixed scan script for Windows. A full scan asks Windows Update online; a quick scan searches the update
 * agent's cached metadata only (`Online = $false`), which needs no network and takes seconds.
 */
export function windowsScanScript(depth: ScanDepth): string {
  const online = depth === 'full' ? '$online = $true\n' : '$online = $false\n';
  const start = `Write-Raw ('${markerLine('script', windowsScanScriptName)}' + $nl)\n`;
  const end = `Write-Raw ('${markerLine('end', windowsScanScriptName)}' + $nl)\n$stdout.Flush()\n`;
  return prelude + online + start + os + windowsUpdateSearch + installed + reboot + thirdParty + end;
}
