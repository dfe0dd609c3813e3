import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsForUpdates, planItems } from '../../../electron/engine/deploy/deployment-items';
import { judgePreflight } from '../../../electron/engine/deploy/device-run';
import { rollbackPlan } from '../../../electron/engine/deploy/rollback-plan';
import { verifyChanges } from '../../../electron/engine/deploy/verify-changes';
import { suseDeployment } from '../../../electron/engine/platforms/suse/deploy-adapter';
import { parseSuseInstall, parseSusePreflight } from '../../../electron/engine/platforms/suse/deploy-parse';
import {
  suseInstallScript,
  susePreflightScript,
} from '../../../electron/engine/platforms/suse/deploy-scripts';
import { parseSuseScan } from '../../../electron/engine/platforms/suse/parse-scan';
import { suseScanScript } from '../../../electron/engine/platforms/suse/scan-script';
import type { ScanReport } from '../../../electron/engine/platforms/types';
import { buildRpm, scratchHost, type ScratchHost } from '../platforms/rhel/scratch-root';

const patch = 'SUSE-SLE-Module-Basesystem-15-SP5-2024-1234';

// One security patch in SUSE's updateinfo format: it ships pd-hello 1.1-1.
const updateinfo = `<?xml version="1.0" encoding="UTF-8"?>
<updates>
  <update from="security@suse.de" status="stable" type="security" version="1">
    <id>${patch}</id>
    <title>Security update for pd-hello</title>
    <severity>important</severity>
    <release>SUSE Updates</release>
    <issued date="1714000000"/>
    <references>
      <reference href="https://www.suse.com/security/cve/CVE-2024-2511/" id="CVE-2024-2511" title="CVE-2024-2511" type="cve"/>
    </references>
    <description>Fixes CVE-2024-2511.</description>
    <pkglist><collection>
      <package name="pd-hello" epoch="0" version="1.1" release="1" arch="noarch" src="pd-hello-1.1-1.src.rpm">
        <filename>pd-hello-1.1-1.noarch.rpm</filename>
      </package>
    </collection></pkglist>
  </update>
</updates>
`;

// Real zypper 1.14 / libzypp and rpm 4.18 (apt-get install zypper createrepo-c) against a local rpm-md repository
// whose updateinfo.xml (added with modifyrepo_c) holds one patch; a scratch --root stands in for the device, and the
// scan, pre-flight and install scripts are Patchdeck's own.
describe('a SUSE patch deployed as an item of its own, with the real zypper', () => {
  let dir = '';
  let root = '';
  let host: ScratchHost;
  const zypperEnv = () => ({ ...process.env, ZYPP_LOGFILE: join(dir, 'zypper.log') });
  const zypper = (...args: string[]) =>
    execFileSync('zypper', ['--root', root, '--non-interactive', ...args], {
      stdio: 'ignore',
      env: zypperEnv(),
    });
  const scan = (): ScanReport => parseSuseScan(host.run(suseScanScript('quick'), []), 'quick');
  const preflightOf = (names: string[]) => parseSusePreflight(host.run(susePreflightScript, names), names);
  const rescanOf = (report: ScanReport) => ({
    installed: report.packages,
    offered: report.updates,
    ...(report.offerSources ? { offerSources: report.offerSources } : {}),
  });
  const installed = () =>
    execFileSync('rpm', ['--root', root, '-q', '--qf', '%{VERSION}-%{RELEASE}', 'pd-hello'], {
      encoding: 'utf8',
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchdeck-suse-patch-'));
    root = join(dir, 'root');
    for (const version of ['1.0', '1.1']) buildRpm(dir, { name: 'pd-hello', version, release: '1' });
    execFileSync('sh', [
      '-c',
      `mkdir -p "$1/repo" && cp "$1"/rpmbuild/RPMS/noarch/*.rpm "$1/repo/"`,
      'sh',
      dir,
    ]);
    execFileSync('createrepo_c', ['-q', join(dir, 'repo')]);
    writeFileSync(join(dir, 'updateinfo.xml'), updateinfo);
    execFileSync(
      'modifyrepo_c',
      ['--mdtype=updateinfo', join(dir, 'updateinfo.xml'), join(dir, 'repo', 'repodata')],
      {
        stdio: 'ignore',
      },
    );
    zypper('addrepo', '--no-gpgcheck', `file://${dir}/repo`, 'local');
    zypper('refresh');
    zypper('install', 'pd-hello=1.0-1');
    host = scratchHost(dir);
    host.shim('zypper', '/usr/bin/env', [
      `ZYPP_LOGFILE=${dir}/zypper.log`,
      '/usr/bin/zypper',
      '--root',
      root,
    ]);
    host.shim('rpm', '/usr/bin/rpm', ['--root', root]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('"all security" plans the patch, pre-flight offers it, zypper installs it, verify finds it no longer needed', () => {
    const before = scan();
    const security = before.updates.filter((update) => update.security);
    const named = itemsForUpdates(suseDeployment, security);
    const planned = planItems(suseDeployment, named.items, before.updates);
    expect(planned).toEqual({ packages: [{ name: patch, version: null }], warnings: [] });

    const preflight = preflightOf([patch]);
    expect(preflight.packages).toEqual([
      {
        name: patch,
        installed: null,
        candidate: '1',
        rollbackPossible: false,
        rollbackNote: `zypper cannot uninstall a patch: ${patch} stays applied; roll back the packages it updated by their versions instead.`,
        kind: 'update',
      },
    ]);
    const judged = judgePreflight(preflight, planned.packages, 'upgrade');
    expect(judged.failure).toBeUndefined();
    expect(judged.result.plan).toEqual([
      {
        name: patch,
        from: null,
        to: '1',
        rollbackPossible: false,
        rollbackNote: preflight.packages[0]?.rollbackNote,
      },
    ]);
    expect(judged.warnings).toEqual([`Cannot be rolled back: ${preflight.packages[0]?.rollbackNote ?? ''}`]);

    // "exit 0 but nothing installed": the patch is still needed, so it is not verified.
    expect(verifyChanges(suseDeployment, 'upgrade', judged.result.plan, rescanOf(before)).problems).toEqual([
      `${patch} is still offered (1)`,
    ]);

    const args = suseDeployment.installArguments('51-1', 'upgrade', [{ name: patch, version: null }]);
    expect(args).toEqual(['51-1', 'upgrade', `patch:${patch}`]);
    const run = parseSuseInstall(host.run(suseInstallScript, args));
    expect(run).toMatchObject({ state: 'finished', exitCode: 0 });
    expect(run.output).toMatch(/The following NEW patch is going to be installed/);
    expect(installed()).toBe('1.1-1');

    const after = scan();
    const verified = verifyChanges(suseDeployment, 'upgrade', judged.result.plan, rescanOf(after));
    expect(verified.problems).toEqual([]);
    expect(verified.changed.map((change) => [change.step.name, change.after])).toEqual([[patch, '1']]);

    // Once applied the patch is no longer needed: a second deployment skips it, saying why.
    const again = judgePreflight(preflightOf([patch]), [{ name: patch, version: null }], 'upgrade');
    expect(again.result.plan).toEqual([]);
    expect(again.warnings).toEqual([
      `${patch} is not needed on this device: it is applied already, or patches nothing installed here.`,
    ]);

    // A rollback cannot take the patch back and says so; a rollback never names it to zypper.
    expect(
      rollbackPlan(suseDeployment, [
        {
          package: patch,
          from: null,
          to: '1',
          rollbackPossible: false,
          rollbackNote: preflight.packages[0]?.rollbackNote ?? null,
        },
      ]),
    ).toEqual({ packages: [], warnings: [`Not rolled back: ${preflight.packages[0]?.rollbackNote ?? ''}`] });
    expect(() =>
      suseDeployment.installArguments('52-1', 'downgrade', [{ name: patch, version: '1' }]),
    ).toThrow(/zypper cannot uninstall the patch/);
  }, 120_000);

  it('a rescan whose list-patches skipped a repository cannot verify a patch', () => {
    const plan = [{ name: patch, from: null, to: '1', rollbackPossible: false, rollbackNote: null }];
    // Nothing listens on port 9 of the loopback address: zypper skips the repository and exits 106.
    zypper('addrepo', '--no-gpgcheck', 'http://127.0.0.1:9/', 'broken-mirror');
    try {
      const report = scan();
      expect(report.updates.some((update) => update.name === patch)).toBe(false);
      const source = report.offerSources?.find((entry) => entry.name === 'zypper-patches');
      expect(source?.unread).toMatch(/^zypper list-patches skipped repositories it could not read/);
      const verified = verifyChanges(suseDeployment, 'upgrade', plan, rescanOf(report));
      expect(verified.changed).toEqual([]);
      expect(verified.problems).toEqual([
        `could not verify ${patch}: the rescan could not list zypper's patches (${source?.unread?.replace(/\.$/, '') ?? ''})`,
      ]);
    } finally {
      zypper('removerepo', 'broken-mirror');
    }
  }, 120_000);
});
