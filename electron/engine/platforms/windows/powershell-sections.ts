/*
 * What every Windows script starts with: Windows PowerShell 5.1 (the SSH layer runs it with -EncodedCommand, whatever
 * the OpenSSH server's default shell is), printing UTF-8 in the frame of ../script-sections.ts. `Invoke-Section NAME
 * { … }` runs one part in its own try/catch: an exception becomes that section's exit code 1 and an
 * "error: … (HRESULT 0x…)" line on its stderr, and the script carries on. A body may set $global:PatchdeckExit and
 * $global:PatchdeckStderr itself (a native tool's exit code).
 *
 * The text has no backticks (PowerShell's escape character): newlines come from [char]10, so it fits in a plain
 * template literal.
 */

/** Sets up UTF-8 output and defines Write-Raw, ConvertTo-CompactJson, Invoke-Section and Get-UtcText. */
export const powershellPrelude = String.raw`$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$utf8 = New-Object System.Text.UTF8Encoding $false
# Native tools' output (winget, choco) is decoded with the console's encoding; a session without a console refuses it.
try { [Console]::OutputEncoding = $utf8 } catch { $null = $_ }
$OutputEncoding = $utf8
$nl = [string][char]10
# UTF-8 bytes straight to stdout, whatever code page the console has.
$stdout = [Console]::OpenStandardOutput()
function Write-Raw([string]$text) { $bytes = $utf8.GetBytes($text); $stdout.Write($bytes, 0, $bytes.Length) }
function ConvertTo-CompactJson($value) { ConvertTo-Json -InputObject $value -Depth 6 -Compress }
function Invoke-Section([string]$name, [scriptblock]$body) {
  Write-Raw ('@@patchdeck:section:' + $name + '@@' + $nl)
  $global:PatchdeckExit = 0
  $global:PatchdeckStderr = ''
  try {
    $lines = @(& $body)
    if ($lines.Count -gt 0) { Write-Raw (((@($lines | ForEach-Object { [string]$_ })) -join $nl) + $nl) }
  } catch {
    $global:PatchdeckExit = 1
    $e = $_.Exception
    while ($null -ne $e.InnerException) { $e = $e.InnerException }
    $global:PatchdeckStderr = 'error: ' + ($e.Message -replace '\s+', ' ').Trim() + ' (HRESULT 0x' + $e.HResult.ToString('X8') + ')'
  }
  Write-Raw ($nl + '@@patchdeck:stderr:' + $name + '@@' + $nl)
  if ($global:PatchdeckStderr -ne '') { Write-Raw ($global:PatchdeckStderr + $nl) }
  Write-Raw ($nl + '@@patchdeck:exit:' + $name + ':' + $global:PatchdeckExit + '@@' + $nl)
}
function Get-UtcText($date) {
  if ($null -eq $date) { return $null }
  return ([datetime]$date).ToUniversalTime().ToString('o')
}
`;
