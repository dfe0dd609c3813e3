import type { z } from 'zod';
import { Settings, SettingsUpdate } from '../../../shared/domain/settings';
import { AppError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit-log';
import type { EngineContext } from '../engine-context';
import { defaultSettings } from './default-settings';

type SettingKey = keyof Settings;
const settingKeys = Object.keys(Settings.shape) as SettingKey[];

export interface SettingsService {
  /** Every setting, stored values over the defaults. */
  get(): Settings;
  /** Change some settings (validated as a whole before anything is written); answers the settings after the change. */
  update(change: unknown): Settings;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Settings live in the `settings` table, one row per top-level key with a JSON value. Values are checked with the
 * shared zod schema when written and again when read, so a hand-edited or damaged row is named, not used.
 */
export function createSettingsService(context: EngineContext): SettingsService {
  const { database, clock, actor } = context;

  /** Each stored setting parsed on its own, so one damaged row is named (and can be replaced) by itself. */
  const readStored = (): { values: Partial<Settings>; damaged: Map<SettingKey, string> } => {
    const rows = database
      .statement(`SELECT key, value FROM settings WHERE key IN (${settingKeys.map(() => '?').join(', ')})`)
      .all(...settingKeys) as { key: SettingKey; value: string }[];
    const values: Partial<Record<SettingKey, unknown>> = {};
    const damaged = new Map<SettingKey, string>();
    for (const row of rows) {
      let json: unknown;
      try {
        json = JSON.parse(row.value) as unknown;
      } catch {
        damaged.set(row.key, 'not JSON');
        continue;
      }
      // An SSH object written by an older Patchdeck may lack keys added since: those take their defaults.
      if (row.key === 'ssh' && typeof json === 'object' && json !== null)
        json = { ...defaultSettings.ssh, ...json };
      const parsed = Settings.shape[row.key].safeParse(json);
      if (parsed.success) values[row.key] = parsed.data;
      else damaged.set(row.key, describeIssues(parsed.error));
    }
    return { values: values as Partial<Settings>, damaged };
  };

  const get = (): Settings => {
    const { values, damaged } = readStored();
    const [key, problem] = [...damaged][0] ?? [];
    if (key !== undefined) {
      throw new AppError(
        'failed',
        `The stored setting '${key}' is not valid (${problem}); save it again from Settings to replace it.`,
        key,
      );
    }
    return { ...defaultSettings, ...values };
  };

  const write = database.statement(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  return {
    get,
    update(change) {
      const request = SettingsUpdate.safeParse(change);
      if (!request.success) {
        const field = request.error.issues[0]?.path.join('.');
        throw new AppError(
          'invalid-input',
          `Settings not saved: ${describeIssues(request.error)}.`,
          field || undefined,
        );
      }
      return database.transaction(() => {
        const { values, damaged } = readStored();
        // A damaged row reads as its default here, and is rewritten whole: saving settings repairs it.
        const before: Settings = { ...defaultSettings, ...values };
        const after = Settings.parse({
          ...before,
          ...request.data,
          ssh: { ...before.ssh, ...request.data.ssh },
        });
        const changed = settingKeys.filter(
          (key) => damaged.has(key) || JSON.stringify(before[key]) !== JSON.stringify(after[key]),
        );
        if (changed.length === 0) return after;
        for (const key of changed) write.run(key, JSON.stringify(after[key]));
        appendAudit(database, clock.now(), actor, {
          action: 'settings.updated',
          subjectType: 'settings',
          subjectId: null,
          subjectName: changed.join(', '),
          details: {
            before: Object.fromEntries(changed.map((key) => [key, before[key]])),
            after: Object.fromEntries(changed.map((key) => [key, after[key]])),
          },
        });
        return after;
      });
    },
  };
}
