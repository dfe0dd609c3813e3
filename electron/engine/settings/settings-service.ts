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

  const readStored = (): Partial<Record<SettingKey, unknown>> => {
    const rows = database
      .statement('SELECT key, value FROM settings WHERE key IN (' + settingKeys.map(() => '?').join(', ') + ')')
      .all(...settingKeys) as { key: SettingKey; value: string }[];
    const stored: Partial<Record<SettingKey, unknown>> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value) as unknown;
      } catch {
        throw new AppError(
          'failed',
          `The stored setting '${row.key}' is not valid JSON; save it again from Settings to replace it.`,
          row.key,
        );
      }
    }
    return stored;
  };

  const get = (): Settings => {
    const stored = readStored();
    const merged = { ...defaultSettings, ...stored };
    // A stored SSH object written by an older Patchdeck may lack keys added since: those take their defaults.
    if (stored.ssh !== undefined && typeof stored.ssh === 'object' && stored.ssh !== null) {
      merged.ssh = { ...defaultSettings.ssh, ...(stored.ssh as object) } as Settings['ssh'];
    }
    const parsed = Settings.safeParse(merged);
    if (!parsed.success) {
      throw new AppError(
        'failed',
        `The stored settings are not valid (${describeIssues(parsed.error)}); save them again from Settings to replace them.`,
      );
    }
    return parsed.data;
  };

  const write = database.statement(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  return {
    get,
    update(change) {
      const request = SettingsUpdate.safeParse(change);
      if (!request.success) {
        throw new AppError('invalid-input', `Settings not saved: ${describeIssues(request.error)}.`);
      }
      return database.transaction(() => {
        const before = get();
        const after = Settings.parse({
          ...before,
          ...request.data,
          ssh: { ...before.ssh, ...request.data.ssh },
        });
        const changed = settingKeys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
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
