import { deviceFailed } from '../../../shared/domain/device-failed';
import type { JobView, PreflightSummary, RebootPolicy } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { Engine } from '../../engine/create-engine';
import type { Command, CommandInput, CommandOutput } from '../command';
import { flagOption, listOption, singlePositional, stringOption } from '../options';
import { formatTable } from '../table';

const rebootPolicies: readonly RebootPolicy[] = ['never', 'if-required', 'always'];

function jobId(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new AppError('invalid-input', `'${text}' is not a job id (a whole number).`, 'job');
  }
  return Number(text);
}

function boundedNumber(input: CommandInput, flag: string, min: number, max: number): number | undefined {
  const text = stringOption(input, flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new AppError(
      'invalid-input',
      `--${flag} takes a whole number from ${min} to ${max}, not '${text}'.`,
      flag,
    );
  }
  return value;
}

/** CLI.md's JSON shape of a job: job, kind, status, and per device its status, reboot, error and changes. */
function jobJson(view: JobView) {
  return {
    job: view.job,
    kind: view.kind,
    status: view.status,
    devices: view.devices.map((device) => ({
      device: device.device,
      status: device.status,
      rebootRequired: device.rebootRequired,
      error: device.error,
      changes: device.changes,
      ...(device.warnings.length > 0 ? { warnings: device.warnings } : {}),
    })),
  };
}

/**
 * Exit code 1: a device failed (a changed host key included), was skipped, or was cancelled (by a technician, from the
 * console or another run): CLI.md's 0 means all done, and a script must not read a cancelled deployment as one.
 */
function someDeviceFailed(view: JobView): boolean {
  return view.devices.some(
    (device) => deviceFailed(device.status) || device.status === 'skipped' || device.status === 'cancelled',
  );
}

function jobOutput(view: JobView): CommandOutput {
  const rows = view.devices.map((device) => [
    device.device,
    device.status,
    device.changes
      .map((change) => `${change.package} ${change.from ?? '-'} → ${change.to ?? '-'}`)
      .join(', ') || '-',
    device.error ?? (device.rebootRequired ? 'reboot required' : ''),
  ]);
  const warnings = view.devices.flatMap((device) =>
    device.warnings.map((warning) => `  ${device.device}: ${warning}`),
  );
  return {
    json: jobJson(view),
    text: [
      `Job ${view.job} (${view.kind}${view.rollbackOf === null ? '' : ` of job ${view.rollbackOf}`}): ${view.status}`,
      formatTable(['DEVICE', 'STATUS', 'CHANGES', 'NOTE'], rows),
      ...(warnings.length > 0 ? ['Warnings:', ...warnings] : []),
    ].join('\n'),
    failed: someDeviceFailed(view),
  };
}

/** The dry run: per device what would change, what could not be rolled back, and what stops it. */
function preflightOutput(summary: PreflightSummary): CommandOutput {
  const rows = summary.devices.map((device) => [
    device.device,
    device.status,
    device.packages
      .map((pkg) => `${pkg.name} ${pkg.from} → ${pkg.to}${pkg.rollbackPossible ? '' : ' (no rollback)'}`)
      .join(', ') || '-',
    device.error ?? '',
  ]);
  const warnings = summary.devices.flatMap((device) =>
    device.warnings.map((warning) => `  ${device.device}: ${warning}`),
  );
  return {
    json: summary,
    text: [
      'Pre-flight only: nothing was installed.',
      formatTable(['DEVICE', 'STATUS', 'WOULD CHANGE', 'NOTE'], rows),
      ...(warnings.length > 0 ? ['Warnings:', ...warnings] : []),
    ].join('\n'),
    failed: summary.devices.some((device) => device.status === 'blocked' || device.status === 'unreachable'),
  };
}

/** Progress lines on stderr for people; --json keeps stdout to the one document. */
function followProgress(engine: Engine, input: CommandInput): () => void {
  if (input.json) return () => {};
  return engine.events.on('job:progress', (progress) => {
    if (progress.step === 'done') {
      process.stderr.write(
        `${progress.device}: ${progress.status}${progress.error ? ` (${progress.error})` : ''}\n`,
      );
    } else if (progress.status === 'running') {
      process.stderr.write(`${progress.device}: ${progress.step}\n`);
    }
  });
}

const deploy: Command = {
  path: ['deploy'],
  usage:
    'patchdeck deploy <device>... (--package <name>... | --all-security | --all) [--reboot never|if-required|always] [--concurrency <n>] [--max-fail-percent <n>] [--preflight]',
  summary:
    'Install approved updates on devices now: pre-flight, install, verify by rescan, reboot per policy. --preflight only checks and says what would change.',
  options: {
    package: { type: 'string', multiple: true },
    'all-security': { type: 'boolean' },
    all: { type: 'boolean' },
    reboot: { type: 'string' },
    concurrency: { type: 'string' },
    'max-fail-percent': { type: 'string' },
    preflight: { type: 'boolean' },
  },
  async run(engine, input) {
    if (input.positionals.length === 0)
      throw new AppError('invalid-input', 'Name the devices to deploy to.', 'device');
    const packages = listOption(input, 'package');
    const chosen = [packages.length > 0, flagOption(input, 'all-security'), flagOption(input, 'all')].filter(
      Boolean,
    );
    if (chosen.length !== 1) {
      throw new AppError(
        'invalid-input',
        'Choose what to install: --package <name>... or --all-security or --all.',
      );
    }
    const reboot = stringOption(input, 'reboot') ?? 'never';
    if (!rebootPolicies.includes(reboot as RebootPolicy)) {
      throw new AppError(
        'invalid-input',
        `--reboot takes never, if-required or always, not '${reboot}'.`,
        'reboot',
      );
    }
    const concurrency = boundedNumber(input, 'concurrency', 1, 1024);
    const maxFailPercent = boundedNumber(input, 'max-fail-percent', 0, 100);
    const deviceIds = [
      ...new Set(input.positionals.map((reference) => engine.devices.resolve(reference).id)),
    ];
    const request = {
      deviceIds,
      selection:
        packages.length > 0
          ? ({ kind: 'packages', packages } as const)
          : flagOption(input, 'all')
            ? ({ kind: 'all' } as const)
            : ({ kind: 'all-security' } as const),
      reboot: reboot as RebootPolicy,
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(maxFailPercent !== undefined ? { maxFailPercent } : {}),
    };
    if (flagOption(input, 'preflight')) return preflightOutput(await engine.deploy.preflight(request));
    const stop = followProgress(engine, input);
    try {
      const { done } = engine.deploy.start(request);
      return jobOutput(await done);
    } finally {
      stop();
    }
  },
};

const rollback: Command = {
  path: ['rollback'],
  usage: 'patchdeck rollback <job-id> [<device>...]',
  summary: 'Reinstall the versions a deployment replaced, on all its devices or the ones named.',
  options: {},
  async run(engine, input) {
    const [first, ...rest] = input.positionals;
    if (first === undefined) throw new AppError('invalid-input', 'Missing argument: job id.', 'job');
    const id = jobId(first);
    const deviceIds =
      rest.length > 0 ? rest.map((reference) => engine.devices.resolve(reference).id) : undefined;
    const stop = followProgress(engine, input);
    try {
      return jobOutput(await engine.deploy.rollback(id, deviceIds).done);
    } finally {
      stop();
    }
  },
};

const jobShow: Command = {
  path: ['job', 'show'],
  usage: 'patchdeck job show <job-id>',
  summary: 'Show a job: its status and, per device, its status, changes and errors.',
  options: {},
  async run(engine, input) {
    return jobOutput(engine.deploy.get(jobId(singlePositional(input, 'job id'))));
  },
};

const jobResume: Command = {
  path: ['job', 'resume'],
  usage: 'patchdeck job resume [<job-id>]',
  summary: 'Finish jobs a stopped Patchdeck left interrupted (all of them, or the one named).',
  options: {},
  async run(engine, input) {
    if (input.positionals.length > 0)
      return jobOutput(await engine.deploy.resume(jobId(singlePositional(input, 'job id'))));
    const views = await engine.deploy.resumeInterrupted();
    return {
      json: views.map(jobJson),
      text:
        views.length === 0 ? 'No interrupted jobs.' : views.map((view) => jobOutput(view).text).join('\n\n'),
      failed: views.some(someDeviceFailed),
    };
  },
};

const jobCancel: Command = {
  path: ['job', 'cancel'],
  usage: 'patchdeck job cancel <job-id>',
  summary:
    'Stop a job: devices not yet installing are cancelled; installs under way finish and are verified.',
  options: {},
  async run(engine, input) {
    return { ...jobOutput(engine.deploy.cancel(jobId(singlePositional(input, 'job id')))), failed: false };
  },
};

export const deployCommands: readonly Command[] = [deploy, rollback, jobShow, jobResume, jobCancel];
