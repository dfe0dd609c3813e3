import { fixture, framedRun, unameSection } from '../detect/framed-run';
import type { RecordedSection } from '../detect/framed-run';

/**
 * A full RHEL-family scan framed from real dnf 4.14 recordings against a local repository (fixtures/rhel/SOURCES.md),
 * in the scan script's order: curl, openssl-libs and tzdata offered, with their advisories and CVEs. A test may
 * replace what one section printed, e.g. an updateinfo that failed.
 */
export function recordedDnf4Scan(
  overrides: Partial<Record<string, RecordedSection>> = {},
): ReturnType<typeof framedRun> {
  const sections: RecordedSection[] = [
    unameSection('5.14.0-362.8.1.el9_3.x86_64', 'x86_64', 'web01'),
    { name: 'os-release', stdout: fixture('rhel/rocky-8.6.os-release') },
    { name: 'package-manager', stdout: 'dnf\n' },
    { name: 'rpm', stdout: fixture('rhel/dnf4-rpm-qa.stdout') },
    {
      name: 'refresh',
      stdout: fixture('rhel/dnf4-makecache.stdout'),
      stderr: fixture('rhel/dnf4-makecache.stderr'),
    },
    { name: 'check-update', stdout: fixture('rhel/dnf4-check-update.stdout'), exitCode: 100 },
    { name: 'updateinfo', stdout: fixture('rhel/dnf4-updateinfo-list.stdout') },
    { name: 'updateinfo-cves', stdout: fixture('rhel/dnf4-updateinfo-list-cves.stdout') },
    { name: 'needs-restarting', stdout: fixture('rhel/dnf4-needs-restarting-required.stdout'), exitCode: 1 },
  ];
  return framedRun(
    'rhel-scan',
    sections.map((section) => overrides[section.name] ?? section),
  );
}
