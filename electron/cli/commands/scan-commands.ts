import { AppError } from '../../../shared/errors';
import { HostKeyFingerprint } from '../../../shared/ipc/contract';
import type { Engine } from '../../engine/create-engine';
import type { Command, CommandInput } from '../command';
import { flagOption, numberOption, singlePositional, stringOption } from '../options';
import { formatTable } from '../table';

/** The scan's own limits: at most this many devices at once, and a command may take up to a day. */
const ranges = {
  concurrency: { min: 1, max: 1024, whole: true },
  timeout: { min: 1, max: 86_400, whole: true },
} as const;

/** `<device>...`, `--client <client>` or `--all`: exactly one. */
function chooseDevices(engine: Engine, input: CommandInput): number[] {
  const client = stringOption(input, 'client');
  const all = flagOption(input, 'all');
  const given = [input.positionals.length > 0, client !== undefined, all].filter(Boolean).length;
  if (given !== 1)
    throw new AppError('invalid-input', 'Name the devices to scan, or give --client <client>, or --all.');
  if (all) return engine.devices.list().map((device) => device.id);
  if (client !== undefined)
    return engine.devices.list({ clientId: engine.clients.resolve(client).id }).map((device) => device.id);
  return [...new Set(input.positionals.map((reference) => engine.devices.resolve(reference).id))];
}

const scan: Command = {
  path: ['scan'],
  usage:
    'patchdeck scan (<device>... | --client <client> | --all) [--quick | --full] [--concurrency <n>] [--timeout <seconds>]',
  summary: 'Scan devices over SSH: OS, installed packages, missing updates, pending reboot.',
  options: {
    client: { type: 'string' },
    all: { type: 'boolean' },
    quick: { type: 'boolean' },
    full: { type: 'boolean' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
  },
  async run(engine, input) {
    if (flagOption(input, 'quick') && flagOption(input, 'full')) {
      throw new AppError('invalid-input', 'Give --quick or --full, not both.');
    }
    const concurrency = numberOption(input, 'concurrency', ranges.concurrency);
    const timeoutMs = (numberOption(input, 'timeout', ranges.timeout) ?? 0) * 1000;
    const deviceIds = chooseDevices(engine, input);
    const stopProgress = input.json
      ? () => {}
      : engine.events.on('scan:progress', (progress) => {
          if (progress.stage === 'done') process.stderr.write(`${progress.device}: ${progress.status}\n`);
        });
    const outcomes = await engine.scans.scan({
      deviceIds,
      depth: flagOption(input, 'quick') ? 'quick' : 'full',
      ...(concurrency ? { concurrency } : {}),
      ...(timeoutMs
        ? {
            commandTimeoutMs: timeoutMs,
            connect: {
              // A host that is off fails within --timeout too, not after the settings' longer connect timeout; a
              // longer --timeout keeps the settings' one: a host that does not answer a connect soon never will.
              connectTimeoutMs: Math.min(timeoutMs, engine.settings.get().ssh.connectTimeoutMs),
              handshakeTimeoutMs: timeoutMs,
            },
          }
        : {}),
    });
    stopProgress();
    const json = outcomes.map((outcome) => ({
      device: outcome.device,
      status: outcome.status,
      os: outcome.os,
      packages: outcome.packages,
      updates: outcome.updates,
      securityUpdates: outcome.securityUpdates,
      rebootRequired: outcome.rebootRequired,
      durationMs: outcome.durationMs,
      error: outcome.error,
      ...(outcome.metadataStale ? { metadataStale: true } : {}),
    }));
    const rows = outcomes.map((outcome) => [
      outcome.device,
      outcome.status + (outcome.metadataStale ? ' (metadata stale)' : ''),
      outcome.os ?? '-',
      outcome.packages === null ? '-' : String(outcome.packages),
      outcome.updates === null ? '-' : `${outcome.updates} (${outcome.securityUpdates} security)`,
      outcome.error ?? (outcome.rebootRequired ? 'reboot required' : ''),
    ]);
    return {
      json,
      text:
        outcomes.length === 0
          ? 'No devices to scan.'
          : formatTable(['DEVICE', 'STATUS', 'OS', 'PACKAGES', 'UPDATES', 'NOTE'], rows),
      failed: outcomes.some((outcome) => outcome.status !== 'ok'),
    };
  },
};

const inventory: Command = {
  path: ['inventory'],
  usage: 'patchdeck inventory <device>',
  summary: "List a device's installed packages and apps, as its last scan found them.",
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    // A retired device's history stays readable, what it ran included: only scanning and patching it are refused.
    const device = engine.devices.resolve(singlePositional(input, 'device'), { withRetired: true });
    const packages = engine.inventory.packages(device.id);
    return {
      json: packages.map(({ name, version, arch, sourceName, sourceVersion, manager }) => ({
        name,
        version,
        arch,
        sourceName,
        sourceVersion,
        manager,
      })),
      text:
        packages.length === 0
          ? `No inventory for ${device.name} yet: scan it with \`patchdeck scan ${device.name}\`.`
          : formatTable(
              ['PACKAGE', 'VERSION', 'ARCH', 'SOURCE', 'MANAGER'],
              packages.map((pkg) => [
                pkg.name,
                pkg.version,
                pkg.arch ?? '-',
                pkg.sourceName ?? '-',
                pkg.manager,
              ]),
            ),
    };
  },
};

const patches: Command = {
  path: ['patches'],
  usage: 'patchdeck patches [<device> | --client <client>]',
  summary: 'List missing updates, with their SLA colour and due date where known.',
  options: { client: { type: 'string' } },
  maxPositionals: 1,
  async run(engine, input) {
    const client = stringOption(input, 'client');
    if (client !== undefined && input.positionals.length > 0)
      throw new AppError('invalid-input', 'Give a device or --client, not both.');
    const deviceId =
      input.positionals.length > 0 ? engine.devices.resolve(singlePositional(input, 'device')).id : undefined;
    const clientId = client === undefined ? undefined : engine.clients.resolve(client).id;
    const list = engine.inventory.patches({ deviceId, clientId });
    return {
      json: list.map((patch) => ({
        device: patch.device,
        package: patch.name,
        installedVersion: patch.installedVersion,
        availableVersion: patch.availableVersion,
        source: patch.origin,
        security: patch.security,
        severity: patch.severity,
        cves: patch.cves,
        kev: patch.kev,
        dueAt: patch.dueAt,
      })),
      text:
        list.length === 0
          ? 'No missing updates known.'
          : formatTable(
              ['DEVICE', 'PACKAGE', 'INSTALLED', 'AVAILABLE', 'SECURITY', 'SEVERITY', 'DUE'],
              list.map((patch) => [
                patch.device,
                patch.name,
                patch.installedVersion ?? '-',
                patch.availableVersion,
                patch.security ? 'yes' : 'no',
                patch.severity ?? '-',
                patch.dueAt ?? '-',
              ]),
            ),
    };
  },
};

/** `--fingerprint`, when given: the key the technician checked, in the form ssh-keygen -lf prints it. */
function checkedFingerprint(input: CommandInput): string | undefined {
  const fingerprint = stringOption(input, 'fingerprint');
  if (fingerprint === undefined || HostKeyFingerprint.safeParse(fingerprint).success) return fingerprint;
  throw new AppError(
    'invalid-input',
    `--fingerprint '${fingerprint}' is not a host key fingerprint: give it as 'SHA256:' followed by 43 characters, as ssh-keygen -lf prints it.`,
    'fingerprint',
  );
}

const deviceTrust: Command = {
  path: ['device', 'trust'],
  usage: 'patchdeck device trust <device> [--fingerprint <SHA256:...>]',
  summary:
    "Re-pin a device's host key after you checked it (e.g. after a reinstall); with --fingerprint, only that key.",
  options: { fingerprint: { type: 'string' } },
  maxPositionals: 1,
  async run(engine, input) {
    const expected = checkedFingerprint(input);
    const device = engine.devices.resolve(singlePositional(input, 'device'));
    // Without --fingerprint, whatever the device presents now is pinned, as CLI.md documents.
    const { previous, current } = await engine.scans.trustHostKey(device.id, { expected });
    return {
      json: { device: device.name, previous, current },
      text:
        previous === current
          ? `${device.name}: host key unchanged (${current}).`
          : `${device.name}: now trusting ${current}${previous ? ` (was ${previous})` : ''}.`,
    };
  },
};

export const scanCommands: readonly Command[] = [scan, inventory, patches, deviceTrust];
