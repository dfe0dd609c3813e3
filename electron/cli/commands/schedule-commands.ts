import { AppError } from '../../../shared/errors';
import type { Command } from '../command';
import { requiredOption } from '../options';
import { formatTable } from '../table';

/** An instant as ISO 8601 with a zone designator: a bare local time would mean a different instant per machine. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseInstant(text: string): Date {
  const instant = new Date(text.trim());
  if (!ISO_INSTANT.test(text.trim()) || Number.isNaN(instant.getTime()) || !calendarFieldsExist(text.trim()))
    throw new AppError(
      'invalid-input',
      `--at '${text}' is not an ISO 8601 instant: write it like 2026-11-21T22:30:00Z or 2026-11-21T23:30:00+01:00.`,
      'at',
    );
  return instant;
}

/** JavaScript rolls 30 February over into March; a technician who typed it made a mistake. */
function calendarFieldsExist(text: string): boolean {
  const [year, month, day, hour, minute, second] = (text.match(/\d+/g) ?? []).map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined
  )
    return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    (second ?? 0) < 60
  );
}

function noPositionals(positionals: readonly string[]): void {
  const [first] = positionals;
  if (first !== undefined) throw new AppError('invalid-input', `Unexpected argument '${first}'.`);
}

const scheduleDue: Command = {
  path: ['schedule', 'due'],
  usage: 'patchdeck schedule due --at <ISO 8601 instant>',
  summary:
    'Dry run: which policies and devices would have their window open at that instant, and what they would deploy.',
  options: { at: { type: 'string' } },
  async run(engine, input) {
    noPositionals(input.positionals);
    const due = engine.scheduler.due(parseInstant(requiredOption(input, 'at')));
    const rows = due.map((entry) => [
      entry.policy,
      entry.device,
      entry.action,
      `${entry.windowStart} - ${entry.windowEnd}`,
      entry.action === 'deploy' ? entry.packages.join(' ') : (entry.reason ?? ''),
    ]);
    return {
      json: due,
      text:
        due.length === 0
          ? 'No maintenance window is open then.'
          : formatTable(['POLICY', 'DEVICE', 'ACTION', 'WINDOW', 'PACKAGES / WHY'], rows),
    };
  },
};

const scheduleRun: Command = {
  path: ['schedule', 'run'],
  usage: 'patchdeck schedule run',
  summary:
    "Start what is due now (each window's work starts once, whoever else runs the scheduler), and wait for it.",
  options: {},
  async run(engine, input) {
    noPositionals(input.positionals);
    const results = await engine.scheduler.runDue();
    // A scheduled run is the CLI's daily heartbeat: it also keeps the compliance trend (one row per client per day).
    engine.reports.recordComplianceSnapshot();
    const failed = results.some((result) => result.outcome === 'failed' || result.status === 'failed');
    const rows = results.map((result) => [
      result.policy,
      `${result.windowStart} - ${result.windowEnd}`,
      String(result.devices),
      result.outcome,
      result.jobId === null ? '-' : String(result.jobId),
      result.error ?? result.status ?? '',
    ]);
    return {
      json: results,
      failed,
      text:
        results.length === 0
          ? 'Nothing is due now.'
          : formatTable(['POLICY', 'WINDOW', 'DEVICES', 'OUTCOME', 'JOB', 'STATUS'], rows),
    };
  },
};

export const scheduleCommands: readonly Command[] = [scheduleDue, scheduleRun];
