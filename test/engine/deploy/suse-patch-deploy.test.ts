import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import type { RemoteOutput, ScanReport } from '../../../electron/engine/platforms/types';
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

/** A framed pre-flight run with the given section bodies, as the SUSE script prints it. */
function framedPreflight(sections: Record<string, { stdout: string; exit?: number }>): RemoteOutput {
  const body = Object.entries(sections)
    .map(
      ([name, { stdout, exit = 0 }]) =>
        `@@patchdeck:section:${name}@@\n${stdout}\n@@patchdeck:stderr:${name}@@\n\n@@patchdeck:exit:${name}:${exit}@@\n`,
    )
    .join('');
  return {
    stdout: `@@patchdeck:script:suse-preflight@@\n${body}@@patchdeck:end:suse-preflight@@\n`,
    stderr: '',
    exitCode: 0,
  };
}

// list-patches as recorded (test/engine/platforms/fixtures/suse/SOURCES.md): the security patch 2024-1234 and the
// recommended 2024-1300 are needed.
const recordedPatches = readFileSync(
  join(import.meta.dirname, '../platforms/fixtures/suse/zypper-list-patches.xml'),
  'utf8',
);
const preflightBase = {
  disk: {
    stdout:
      'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda2 41922560 5120000 36802560 13% /',
  },
  lock: { stdout: '' },
  'zypp-lock': { stdout: '' },
  reboot: { stdout: 'not-required' },
  'boot-id': { stdout: '0c7f3a59-1d7e-4d0b-9a53-8d3f6a1b2c4d' },
  installed: { stdout: `package ${patch} is not installed`, exit: 1 },
  available: { stdout: '', exit: 104 },
};

describe('SUSE pre-flight of patches, from recorded zypper output', () => {
  it('offers a needed patch at its edition and names one the device does not need', () => {
    const names = [patch, 'openSUSE-SLE-15.5-2024-12'];
    const preflight = parseSusePreflight(
      framedPreflight({ ...preflightBase, patches: { stdout: recordedPatches } }),
      names,
    );
    expect(preflight.packages.map((pkg) => [pkg.name, pkg.kind, pkg.candidate, pkg.rollbackNote])).toEqual([
      [patch, 'update', '1', expect.stringMatching(/^zypper cannot uninstall a patch/)],
      [
        'openSUSE-SLE-15.5-2024-12',
        'update',
        null,
        'openSUSE-SLE-15.5-2024-12 is not needed on this device: it is applied already, or patches nothing installed here.',
      ],
    ]);
  });

  it('fails on a list-patches that did not answer, and does not guess while libzypp is locked', () => {
    const failed = framedPreflight({
      ...preflightBase,
      patches: {
        stdout:
          "<?xml version='1.0'?>\n<stream>\n<message type=\"error\">Repository 'local' is invalid.</message>\n</stream>",
        exit: 4,
      },
    });
    expect(() => parseSusePreflight(failed, [patch])).toThrow(
      "zypper list-patches failed (exit code 4): Repository 'local' is invalid.",
    );
    expect(() => parseSusePreflight(framedPreflight(preflightBase), [patch])).toThrow(/no "patches" section/);
    const lockedSearch =
      '<?xml version=\'1.0\'?>\n<stream>\n<message type="error">System management is locked by the application with pid 2290 (zypper).</message>\n</stream>';
    const locked = parseSusePreflight(
      framedPreflight({
        ...preflightBase,
        available: { stdout: lockedSearch, exit: 7 },
        patches: { stdout: lockedSearch, exit: 7 },
      }),
      [patch],
    );
    expect(locked.lockHolder).toMatch(/^System management is locked/);
    expect(locked.packages[0]).toMatchObject({
      candidate: null,
      rollbackNote: `Whether ${patch} is needed could not be checked while libzypp is locked.`,
    });
  });
});
