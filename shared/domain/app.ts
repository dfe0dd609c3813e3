import { z } from 'zod';

export const AppInfo = z.object({
  version: z.string(),
  databasePath: z.string(),
  vault: z.object({
    kind: z.string(),
    available: z.boolean(),
    warning: z.string().nullable(),
    /** Only obfuscation is on offer (no OS keyring): passwords are stored only if the technician opts in. */
    weak: z.boolean().optional(),
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** What electron-updater is doing, as the renderer shows it. */
export const UpdaterState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('disabled'), reason: z.string() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('up-to-date') }),
  z.object({ state: z.literal('available'), version: z.string() }),
  z.object({ state: z.literal('downloading'), percent: z.number() }),
  z.object({ state: z.literal('ready'), version: z.string() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type UpdaterState = z.infer<typeof UpdaterState>;
