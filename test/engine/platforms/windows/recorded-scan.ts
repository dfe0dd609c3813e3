import { fixture, type FramedSection } from '../macos/frame';

/**
 * The Windows scan's sections as recorded on a Windows 10 desktop (test/engine/platforms/fixtures/windows/SOURCES.md),
 * in the scan script's order. A test may replace what one section printed, e.g. a winget that failed.
 */
export function recordedWindowsScan(
  replaced: Readonly<Record<string, readonly [stdout: string, exitCode: number]>> = {},
): FramedSection[] {
  const recorded: FramedSection[] = [
    ['os', fixture('windows', 'os-windows-10.json'), 0],
    ['windows-update', fixture('windows', 'windows-update.json'), 0],
    ['update-history', fixture('windows', 'update-history.json'), 0],
    ['hotfixes', fixture('windows', 'hotfixes.json'), 0],
    ['programs', fixture('windows', 'programs.json'), 0],
    ['reboot-signals', fixture('windows', 'reboot-signals.json'), 0],
    ['winget', fixture('windows', 'winget-upgrade-en.txt'), 0],
    ['choco', fixture('windows', 'choco-outdated-pinned.txt'), 2],
  ];
  return recorded.map((section) => {
    const instead = replaced[section[0]];
    return instead ? [section[0], ...instead] : section;
  });
}
