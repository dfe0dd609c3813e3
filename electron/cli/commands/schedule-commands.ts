import type { Command } from '../command';
import { numberOption, requiredOption, singlePositional, stringOption } from '../options';
import { formatTable } from '../table';
import {
  humanInZone,
  instantOption,
  isoInstant,
  occurrenceInZones,
  occurrenceTable,
  technicianTimeZone,
} from '../time-options';

/** The console's calendar shows four weeks; the IPC contract allows up to 92 days, and so does the CLI. */
const PREVIEW_DAYS = { default: 28, max: 92 } as const;

const scheduleDue: Command = {
  path: ['schedule', 'due'],
  usage: 'patchdeck schedule due --at <ISO 8601 instant>',
  summary:
    'Dry run: which policies and devices would have their window open at that instant, and what they would deploy.',
  options: { at: { type: 'string' } },
  maxPositionals: 0,
  async run(engine, input) {
    const due = engine.scheduler.due(instantOption(requiredOption(input, 'at'), 'at'));
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
  maxPositionals: 0,
  async run(engine) {
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

const schedulePreview: Command = {
  path: ['schedule', 'preview'],
  usage: `patchdeck schedule preview <policy> [--days <n>] [--from <ISO 8601 instant>]`,
  summary: `A policy's maintenance windows for the next days (default ${PREVIEW_DAYS.default}), in its zone and in yours.`,
  options: { days: { type: 'string' }, from: { type: 'string' } },
  maxPositionals: 1,
  async run(engine, input) {
    const policy = engine.policies.resolve(singlePositional(input, 'policy'));
    const days =
      numberOption(input, 'days', { min: 1, max: PREVIEW_DAYS.max, whole: true }) ?? PREVIEW_DAYS.default;
    const fromText = stringOption(input, 'from');
    const from = fromText === undefined ? new Date() : instantOption(fromText, 'from');
    const to = new Date(from.getTime() + days * 86_400_000);
    const yours = technicianTimeZone();
    const occurrences = engine.policies
      .preview(policy.id, from, days)
      .map((occurrence) => occurrenceInZones(occurrence, policy.effectiveTimeZone, yours));
    const heading = `${policy.name}: maintenance windows from ${humanInZone(from, yours)} to ${humanInZone(to, yours)} (${yours})`;
    return {
      json: {
        policy: policy.name,
        timeZone: policy.effectiveTimeZone,
        technicianTimeZone: yours,
        from: isoInstant(from),
        to: isoInstant(to),
        occurrences,
      },
      text:
        occurrences.length === 0
          ? `${heading}: none.`
          : `${heading}:\n${occurrenceTable(occurrences, policy.effectiveTimeZone, yours, from)}`,
    };
  },
};

export const scheduleCommands: readonly Command[] = [scheduleDue, scheduleRun, schedulePreview];
