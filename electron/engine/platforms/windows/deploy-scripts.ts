import { markerLine } from '../script-sections';
import { powershellPrelude } from './powershell-sections';
import { hotfixesSection, updateHistorySection } from './scan-script';

export const windowsPreflightScriptName = 'windows-preflight';
export const windowsInstallScriptName = 'windows-install';
export const windowsBootIdScriptName = 'windows-boot-id';

function framed(script: string, body: string): string {
  return `${powershellPrelude}Write-Raw ('${markerLine('script', script)}' + $nl)
${body.trimEnd()}
Write-Raw ('${markerLine('end', script)}' + $nl)
$stdout.Flush()
`;
}

// The newest winget.exe of the App Installer package first: the per-user alias cannot be started by SYSTEM or from
// a session without a profile. Listing Program Files\WindowsApps needs administrator rights, hence the fallback.
const findWinget = String.raw`function Find-Winget {
  $found = @(Resolve-Path -Path (Join-Path $env:ProgramFiles 'WindowsApps\Microsoft.DesktopAppInstaller_*__8wekyb3d8bbwe\winget.exe') -ErrorAction SilentlyContinue)
  if ($found.Count -gt 0) { return $found[-1].Path }
  $command = Get-Command -Name winget.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
  if ($null -ne $command) { return $command.Path }
  return $null
}
function Find-Choco {
  $command = Get-Command -Name choco.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
  if ($null -ne $command) { return $command.Path }
  $fallback = Join-Path $env:ProgramData 'chocolatey\bin\choco.exe'
  if (Test-Path -LiteralPath $fallback) { return $fallback }
  return $null
}
`;

/*
 * The run itself: a fixed script that Task Scheduler starts as SYSTEM, because the Windows Update Agent refuses to
 * install from an SSH (network) logon with E_ACCESSDENIED (0x80070005), and because Windows OpenSSH ends everything a
 * session started when the session closes. What to do ($PatchdeckRequest: mode and items, checked by the install
 * script and again here) travels as base64 in the task's own command line, which only administrators can change:
 * no file under ProgramData, where every user may create files, decides what SYSTEM installs. Its working directory
 * is the run's directory. It writes pid first (so a watcher can tell "not yet" from "dead"), appends to log as it
 * goes, and ends with result.json, timing and rc, each written whole and renamed into place; rc last, since rc means
 * "finished".
 *
 * Per item: kb (upgrade) one Windows Update search, download and install of exactly the approved KBs; kb
 * (downgrade) wusa /uninstall; winget upgrade, or install --version --force to go back; choco upgrade, or install
 * --version --allow-downgrade to go back.
 */
const payload = String.raw`$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$utf8 = New-Object System.Text.UTF8Encoding $false
$nl = [string][char]10
$dir = (Get-Location).ProviderPath
function Write-Log([string]$text) { [IO.File]::AppendAllText((Join-Path $dir 'log'), $text + $nl, $utf8) }
function Write-Whole([string]$name, [string]$text) {
  $temp = Join-Path $dir ($name + '.tmp')
  [IO.File]::WriteAllText($temp, $text, $utf8)
  Move-Item -LiteralPath $temp -Destination (Join-Path $dir $name) -Force
}
function Get-Nanoseconds { [string]([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() * 1000000) }
Write-Whole 'pid' ([string]$PID)
$started = Get-Nanoseconds
$results = New-Object System.Collections.ArrayList
function Add-Result($item, $title, $resultCode, $hresult, $rebootRequired, $exitCode) {
  $null = $results.Add([ordered]@{ item = [string]$item; title = [string]$title; resultCode = [int]$resultCode; hresult = $hresult; rebootRequired = [bool]$rebootRequired; exitCode = $exitCode })
}
function Get-Hex([int]$code) { '0x' + $code.ToString('X8') }
${findWinget}function Invoke-Tool([string]$item, [string]$exe, [string[]]$arguments, [int[]]$rebootCodes) {
  Write-Log ('==> ' + $item)
  $ErrorActionPreference = 'Continue'
  $output = @(& $exe @arguments 2>&1 | ForEach-Object { [string]$_ })
  $code = [int]$LASTEXITCODE
  foreach ($line in $output) { Write-Log $line }
  Write-Log ('<== exit code ' + $code + ' (' + (Get-Hex $code) + ')')
  $reboot = $rebootCodes -contains $code
  $resultCode = 4
  if ($code -eq 0 -or $reboot) { $resultCode = 2 }
  Add-Result $item $item $resultCode (Get-Hex $code) $reboot $code
}
function Install-Updates($kbs) {
  Write-Log ('==> Windows Update: ' + ($kbs -join ', '))
  $session = New-Object -ComObject Microsoft.Update.Session
  $session.ClientApplicationID = 'Patchdeck'
  $search = $session.CreateUpdateSearcher().Search("IsInstalled=0 and Type='Software'")
  $chosen = New-Object -ComObject Microsoft.Update.UpdateColl
  $chosenKbs = New-Object System.Collections.ArrayList
  foreach ($update in $search.Updates) {
    $match = $null
    foreach ($number in $update.KBArticleIDs) { if ($kbs -contains ('KB' + $number)) { $match = 'KB' + $number } }
    if ($null -ne $match -and -not ($chosenKbs -contains $match)) {
      if (-not $update.EulaAccepted) { $update.AcceptEula() }
      $null = $chosen.Add($update)
      $null = $chosenKbs.Add($match)
    }
  }
  foreach ($kb in $kbs) {
    if (-not ($chosenKbs -contains $kb)) {
      Write-Log ($kb + ': Windows Update does not offer it to this device')
      Add-Result ('kb:' + $kb) $kb 4 $null $false $null
    }
  }
  if ($chosen.Count -eq 0) { return }
  $downloader = $session.CreateUpdateDownloader()
  $downloader.Updates = $chosen
  $download = $downloader.Download()
  Write-Log ('download: result code ' + [int]$download.ResultCode)
  $installer = $session.CreateUpdateInstaller()
  $installer.Updates = $chosen
  $installation = $installer.Install()
  for ($index = 0; $index -lt $chosen.Count; $index++) {
    $update = $chosen.Item($index)
    $outcome = $installation.GetUpdateResult($index)
    $hresult = Get-Hex ([int]$outcome.HResult)
    Write-Log ($chosenKbs[$index] + ' ' + $update.Title + ': result code ' + [int]$outcome.ResultCode + ', ' + $hresult + ', reboot required ' + [bool]$outcome.RebootRequired)
    Add-Result ('kb:' + $chosenKbs[$index]) $update.Title $outcome.ResultCode $hresult $outcome.RebootRequired $null
  }
}
function Remove-Update([string]$kb) {
  Write-Log ('==> wusa /uninstall ' + $kb)
  $wusa = Join-Path $env:SystemRoot 'System32\wusa.exe'
  $process = Start-Process -FilePath $wusa -ArgumentList @('/uninstall', ('/kb:' + $kb.Substring(2)), '/quiet', '/norestart') -Wait -PassThru
  $code = [int]$process.ExitCode
  Write-Log ('<== exit code ' + $code + ' (' + (Get-Hex $code) + ')')
  $resultCode = 4
  if ($code -eq 0 -or $code -eq 3010) { $resultCode = 2 }
  Add-Result ('kb:' + $kb) $kb $resultCode (Get-Hex $code) ($code -eq 3010) $code
}
$failed = $false
try {
  $request = $utf8.GetString([Convert]::FromBase64String($PatchdeckRequest)) | ConvertFrom-Json
  $mode = [string]$request.mode
  if ($mode -cne 'upgrade' -and $mode -cne 'downgrade') { throw 'bad install mode' }
  $kbs = New-Object System.Collections.ArrayList
  foreach ($entry in @($request.items)) {
    $text = [string]$entry
    if ($text -cmatch '^kb:(KB[0-9]{6,8})$') {
      $null = $kbs.Add($Matches[1])
      continue
    }
    if ($text -cnotmatch '^(winget|choco):([A-Za-z0-9][A-Za-z0-9._+-]*)(=([A-Za-z0-9][A-Za-z0-9._+-]*))?$') {
      Write-Log ('refused: ' + $text)
      Add-Result $text $text 4 $null $false $null
      continue
    }
    $source = $Matches[1]
    $id = $Matches[2]
    $version = $Matches[4]
    if ($mode -ceq 'downgrade' -and -not $version) {
      Write-Log ('refused, no version to go back to: ' + $text)
      Add-Result $text $text 4 $null $false $null
      continue
    }
    if ($source -ceq 'winget') {
      $exe = Find-Winget
      $arguments = @('upgrade', '--id', $id, '--exact', '--silent', '--accept-package-agreements', '--accept-source-agreements', '--disable-interactivity')
      if ($mode -ceq 'downgrade') { $arguments = @('install', '--id', $id, '--exact', '--version', $version, '--force', '--silent', '--accept-package-agreements', '--accept-source-agreements', '--disable-interactivity') }
      $rebootCodes = @()
    } else {
      $exe = Find-Choco
      $arguments = @('upgrade', $id, '-y', '--no-progress')
      if ($mode -ceq 'downgrade') { $arguments = @('install', $id, '--version', $version, '--allow-downgrade', '-y', '--no-progress') }
      $rebootCodes = @(1641, 3010)
    }
    if ($null -eq $exe) {
      Write-Log ($source + ' is not installed: ' + $text)
      Add-Result $text $text 4 $null $false $null
      continue
    }
    Invoke-Tool $text $exe $arguments $rebootCodes
  }
  if ($kbs.Count -gt 0) {
    if ($mode -ceq 'upgrade') { Install-Updates @($kbs) } else { foreach ($kb in $kbs) { Remove-Update $kb } }
  }
} catch {
  $failed = $true
  $e = $_.Exception
  while ($null -ne $e.InnerException) { $e = $e.InnerException }
  Write-Log ('error: ' + $e.Message + ' (' + (Get-Hex $e.HResult) + ')')
}
$rc = 0
if ($failed) { $rc = 1 }
foreach ($result in $results) { if ($result.resultCode -ne 2 -and $result.resultCode -ne 3) { $rc = 1 } }
Write-Whole 'result.json' (ConvertTo-Json -InputObject @($results) -Depth 4 -Compress)
Write-Whole 'timing' ($started + ' ' + (Get-Nanoseconds))
Write-Whole 'rc' ([string]$rc)
`;

/** The fixed script the SYSTEM task runs after its $PatchdeckRequest line (exported for its tests). */
export const windowsRunPayload = payload;
// Indentation is dropped (PowerShell does not need it) to keep the task's command line short; base64 carries the
// text into the install script without any quoting question.
const payloadBase64 = Buffer.from(payload.replace(/^ +/gm, ''), 'utf8').toString('base64');

// Arguments: $PatchdeckArgs = tag, mode, items. The tag is checked before it becomes part of a path or a task name.
const runSetup = String.raw`$tag = [string]$PatchdeckArgs[0]
$mode = [string]$PatchdeckArgs[1]
$items = @($PatchdeckArgs | Select-Object -Skip 2 | ForEach-Object { [string]$_ })
$tagOk = $tag -cmatch '^[0-9]+(-[0-9]+)*$'
$runs = Join-Path $env:ProgramData 'Patchdeck\runs'
$dir = $null
if ($tagOk) { $dir = Join-Path $runs $tag }
$taskPath = '\Patchdeck\'
$taskName = 'Patchdeck run ' + $tag
function Read-RunFile([string]$name) {
  $path = Join-Path $dir $name
  if (-not (Test-Path -LiteralPath $path)) { return '' }
  return [IO.File]::ReadAllText($path, $utf8)
}
function Wait-Run {
  $rcPath = Join-Path $dir 'rc'
  $since = Get-Date
  while (-not (Test-Path -LiteralPath $rcPath)) {
    $pidText = (Read-RunFile 'pid').Trim()
    if ($pidText -ne '') {
      $process = Get-Process -Id ([int]$pidText) -ErrorAction SilentlyContinue
      if ($null -eq $process -and -not (Test-Path -LiteralPath $rcPath)) { return 'lost' }
    } else {
      # Not started yet, or never will: 0x41303 (SCHED_S_TASK_HAS_NOT_RUN) is a task that has not run so far.
      $task = Get-ScheduledTask -TaskName $taskName -TaskPath $taskPath -ErrorAction SilentlyContinue
      $pending = $false
      if ($null -ne $task) {
        $info = Get-ScheduledTaskInfo -InputObject $task
        $state = [string]$task.State
        $pending = $state -eq 'Running' -or $state -eq 'Queued' -or $info.LastTaskResult -eq 267011
      }
      $late = ((Get-Date) - $since).TotalSeconds -gt 10
      if (-not $pending -and $late -and -not (Test-Path -LiteralPath (Join-Path $dir 'pid')) -and -not (Test-Path -LiteralPath $rcPath)) { return 'lost' }
    }
    Start-Sleep -Milliseconds 500
  }
  Unregister-ScheduledTask -TaskName $taskName -TaskPath $taskPath -Confirm:$false -ErrorAction SilentlyContinue
  'finished'
}
function Get-RunLog {
  $global:PatchdeckExit = [int]((Read-RunFile 'rc').Trim())
  Read-RunFile 'log'
}
function Write-Report {
  Invoke-Section 'wait' { Wait-Run }
  if (Test-Path -LiteralPath (Join-Path $dir 'rc')) {
    Invoke-Section 'log' { Get-RunLog }
    Invoke-Section 'timing' { Read-RunFile 'timing' }
    Invoke-Section 'result' { Read-RunFile 'result.json' }
  }
}
`;

const startRun = String.raw`$payloadText = $utf8.GetString([Convert]::FromBase64String('${payloadBase64}'))
function Start-Run {
  if (-not $tagOk) { throw 'bad run tag' }
  if ($mode -cne 'upgrade' -and $mode -cne 'downgrade') { throw 'bad install mode' }
  foreach ($item in $items) {
    if ($item -cnotmatch '^(kb:KB[0-9]{6,8}|(winget|choco):[A-Za-z0-9][A-Za-z0-9._+-]*(=[A-Za-z0-9][A-Za-z0-9._+-]*)?)$') { throw 'an item is not one Patchdeck installs' }
  }
  # The request goes into the command line of the task as base64, which holds no quote: it stays data.
  $request = ConvertTo-Json -InputObject ([ordered]@{ mode = $mode; items = @($items) }) -Compress
  $command = '$PatchdeckRequest = ''' + [Convert]::ToBase64String($utf8.GetBytes($request)) + '''' + $nl + $payloadText
  $argument = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ' + [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))
  if ($argument.Length -gt 30000) { throw 'too many items for one run: the task command line would pass 30,000 characters' }
  # SYSTEM and Administrators only, not inherited from ProgramData (where every user may create files).
  $security = New-Object System.Security.AccessControl.DirectorySecurity
  $security.SetSecurityDescriptorSddlForm('D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)')
  $null = [IO.Directory]::CreateDirectory($runs, $security)
  $null = [IO.Directory]::CreateDirectory($dir, $security)
  # CreateNew fails when the file exists: of two starts with one tag, exactly one gets past this line.
  $claim = Join-Path $dir 'claim'
  try {
    [IO.File]::Open($claim, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write).Dispose()
  } catch {
    if (Test-Path -LiteralPath $claim) { return 'earlier' }
    throw
  }
  $action = New-ScheduledTaskAction -Execute (Join-Path $PSHOME 'powershell.exe') -Argument $argument -WorkingDirectory $dir
  $principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
  $settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -ExecutionTimeLimit (New-TimeSpan -Hours 4) -MultipleInstances IgnoreNew
  $null = Register-ScheduledTask -TaskName $taskName -TaskPath $taskPath -Action $action -Principal $principal -Settings $settings -Force
  Start-ScheduledTask -TaskName $taskName -TaskPath $taskPath
  'now'
}
`;

/**
 * Args: tag, mode (upgrade | downgrade), then items ("kb:KB5034441", "winget:Mozilla.Firefox", "choco:git"; on a
 * downgrade "winget:<Id>=<version>", "choco:<name>=<version>", and "kb:<KB>" to uninstall). Runs as the SSH user, who
 * must be an administrator: registers and starts the tag's one-shot SYSTEM task unless the device has the run
 * already, then waits for its result. Printed in the frame parseTaggedRun reads, plus a "result" section.
 */
export const windowsInstallScript = framed(
  windowsInstallScriptName,
  `${runSetup}${startRun}Invoke-Section 'start' { Start-Run }
if ($tagOk -and (Test-Path -LiteralPath $dir)) { Write-Report }
`,
);

/** Args: tag. What became of a tagged run, without starting one. */
export const windowsInstallStatusScript = framed(
  windowsInstallScriptName,
  `${runSetup}if (-not $tagOk) {
  Invoke-Section 'start' { throw 'bad run tag' }
} elseif (Test-Path -LiteralPath $dir) {
  Invoke-Section 'start' { 'earlier' }
  Write-Report
} else {
  Invoke-Section 'start' { 'not-started' }
}
`,
);

const preflightSections = String.raw`$items = @($PatchdeckArgs | ForEach-Object { [string]$_ })
function Get-Items([string]$source) {
  @(foreach ($item in $items) { if ($item.StartsWith($source + ':') -and $item.Substring($source.Length + 1) -cmatch '^[A-Za-z0-9][A-Za-z0-9._+-]*$') { $item.Substring($source.Length + 1) } })
}
${findWinget}Invoke-Section 'disk' {
  [string](New-Object IO.DriveInfo $env:SystemDrive).AvailableFreeSpace
}
Invoke-Section 'lock' {
  # Windows Installer holds the _MSIExecute mutex while it installs; WUA says whether its installer is busy.
  $mutex = $null
  $msi = $false
  try { $msi = [Threading.Mutex]::TryOpenExisting('Global\_MSIExecute', [ref]$mutex) } catch { $msi = $true }
  if ($null -ne $mutex) { $mutex.Dispose() }
  $busy = $null
  try { $busy = [bool](New-Object -ComObject Microsoft.Update.Installer).IsBusy } catch { $busy = $null }
  $names = @('TiWorker', 'TrustedInstaller', 'wusa')
  if ($msi) { $names += 'msiexec' }
  $processes = @(foreach ($process in Get-Process -Name $names -ErrorAction SilentlyContinue) { [ordered]@{ name = [string]$process.ProcessName; pid = [int]$process.Id } })
  ConvertTo-CompactJson ([ordered]@{ msiExecuteMutex = [bool]$msi; installerBusy = $busy; processes = $processes })
}
Invoke-Section 'reboot' {
  $renames = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name PendingFileRenameOperations -ErrorAction SilentlyContinue
  ConvertTo-CompactJson ([ordered]@{
    cbsRebootPending = [bool](Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending')
    windowsUpdateRebootRequired = [bool](Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired')
    pendingFileRenameOperations = [bool]($null -ne $renames -and $null -ne $renames.PendingFileRenameOperations)
  })
}
Invoke-Section 'boot-id' {
  Get-UtcText (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime
}
${updateHistorySection}${hotfixesSection}Invoke-Section 'offered' {
  $session = New-Object -ComObject Microsoft.Update.Session
  $session.ClientApplicationID = 'Patchdeck'
  $searcher = $session.CreateUpdateSearcher()
  # The cache of the agent answers in seconds; only a KB it does not hold sends the search online.
  $searcher.Online = $false
  $result = $searcher.Search("IsInstalled=0 and Type='Software'")
  $cached = @(foreach ($u in $result.Updates) { foreach ($kb in $u.KBArticleIDs) { 'KB' + $kb } })
  $missing = @(foreach ($item in $items) { if ($item -cmatch '^(kb:)?(KB[0-9]{6,8})$' -and $cached -notcontains $Matches[2]) { $Matches[2] } })
  if ($missing.Count -gt 0) {
    $searcher.Online = $true
    $result = $searcher.Search("IsInstalled=0 and Type='Software'")
  }
  $updates = @(foreach ($u in $result.Updates) {
    [ordered]@{
      title = [string]$u.Title
      kbArticleIds = @(foreach ($kb in $u.KBArticleIDs) { [string]$kb })
      isUninstallable = [bool]$u.IsUninstallable
      rebootBehavior = [int]$u.InstallationBehavior.RebootBehavior
    }
  })
  ConvertTo-CompactJson ([ordered]@{ resultCode = [int]$result.ResultCode; updates = $updates })
}
Invoke-Section 'winget' {
  $ids = Get-Items 'winget'
  if ($ids.Count -eq 0) { return '[]' }
  $exe = Find-Winget
  if ($null -eq $exe) { $global:PatchdeckExit = 127; $global:PatchdeckStderr = 'winget is not installed'; return }
  $ErrorActionPreference = 'Continue'
  $found = @(foreach ($id in $ids) {
    $list = @(& $exe list --id $id --exact --source winget --accept-source-agreements 2>&1 | ForEach-Object { [string]$_ })
    $listExit = [int]$LASTEXITCODE
    $versions = @(& $exe show --id $id --exact --versions --source winget --accept-source-agreements 2>&1 | ForEach-Object { [string]$_ })
    [ordered]@{ id = $id; list = ($list -join $nl); listExit = $listExit; versions = ($versions -join $nl); versionsExit = [int]$LASTEXITCODE }
  })
  ConvertTo-CompactJson $found
}
Invoke-Section 'choco' {
  $names = Get-Items 'choco'
  if ($names.Count -eq 0) { return '[]' }
  $exe = Find-Choco
  if ($null -eq $exe) { $global:PatchdeckExit = 127; $global:PatchdeckStderr = 'choco is not installed'; return }
  $root = $env:ChocolateyInstall
  if (-not $root) { $root = Split-Path -Parent (Split-Path -Parent $exe) }
  $ErrorActionPreference = 'Continue'
  $found = @(foreach ($name in $names) {
    # Chocolatey keeps the nuspec of every installed package in lib\<name>: read the same way by v1 and v2.
    $installed = $null
    $nuspec = Join-Path $root ('lib\' + $name + '\' + $name + '.nuspec')
    if (Test-Path -LiteralPath $nuspec) { $installed = [string]([xml][IO.File]::ReadAllText($nuspec)).package.metadata.version }
    $versions = @(& $exe search $name --exact --all-versions -r 2>&1 | ForEach-Object { [string]$_ })
    [ordered]@{ name = $name; installed = $installed; versions = ($versions -join $nl); versionsExit = [int]$LASTEXITCODE }
  })
  ConvertTo-CompactJson $found
}
`;

/**
 * Args: the items. Read-only, as the SSH user: free space on the system drive, Windows Installer / Windows Update
 * busy, the pending-reboot signals, the last boot time, installed KBs (history and Get-HotFix, as the scan reads
 * them), the updates Windows Update offers (from its cache, online when an approved KB is not in it) and whether each
 * can be uninstalled, and per winget or Chocolatey item its installed version and the versions its source offers.
 */
export const windowsPreflightScript = framed(windowsPreflightScriptName, preflightSections);

export const windowsBootIdScript = framed(
  windowsBootIdScriptName,
  String.raw`Invoke-Section 'boot-id' {
  Get-UtcText (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime
}
`,
);

/** A restart in ten seconds (shutdown.exe returns at once), so this command returns before the connection drops. */
export const windowsRebootScript = framed(
  'windows-reboot',
  String.raw`Invoke-Section 'reboot' {
  $ErrorActionPreference = 'Continue'
  $text = @(& (Join-Path $env:SystemRoot 'System32\shutdown.exe') /r /t 10 /d p:2:17 /c 'Patchdeck: restart after updates' 2>&1 | ForEach-Object { [string]$_ })
  $global:PatchdeckExit = [int]$LASTEXITCODE
  $text
  'scheduled'
}
`,
);
