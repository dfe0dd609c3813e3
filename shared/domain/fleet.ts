import { z } from 'zod';
import { OsFacts, PlatformFamily } from './inventory';
import { HostSchema, PortSchema, SshUserSchema, TagSchema, TimeZoneSchema, nameSchema } from './validation';

export const slaColours = ['red', 'yellow', 'green'] as const;
export const SlaColour = z.enum(slaColours);
export type SlaColour = z.infer<typeof SlaColour>;

/** Days to fix a missing update of each colour, counted from when it was first seen. */
export const SlaDays = z.object({
  red: z.number().int().min(0).max(365),
  yellow: z.number().int().min(0).max(365),
  green: z.number().int().min(0).max(3650),
});
export type SlaDays = z.infer<typeof SlaDays>;
export const defaultSlaDays: SlaDays = { red: 2, yellow: 14, green: 30 };

export const Client = z.object({
  id: z.number().int(),
  name: z.string(),
  timeZone: z.string(),
  slaDays: SlaDays,
  deviceCount: z.number().int(),
  createdAt: z.string(),
});
export type Client = z.infer<typeof Client>;

export const ClientInput = z.object({
  name: nameSchema('client name'),
  timeZone: TimeZoneSchema.default('UTC'),
  slaDays: SlaDays.optional(),
});
export type ClientInput = z.input<typeof ClientInput>;
/** A client to add, as parsed: defaults filled in. */
export type NewClient = z.output<typeof ClientInput>;

export const ClientUpdate = z.object({
  id: z.number().int().positive(),
  name: nameSchema('client name').optional(),
  timeZone: TimeZoneSchema.optional(),
  slaDays: SlaDays.optional(),
});
export type ClientUpdate = z.input<typeof ClientUpdate>;
export type ClientChanges = z.output<typeof ClientUpdate>;

export const rings = ['test', 'pilot', 'broad'] as const;
export const Ring = z.enum(rings);
export type Ring = z.infer<typeof Ring>;

/** How Patchdeck logs in. Secrets never travel back out: a device only says which kind it uses. */
export const DeviceAuthInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyPath: z.string().trim().min(1, { error: 'key file is required' }) }),
  z.object({
    kind: z.literal('password'),
    password: z.string().min(1, { error: 'password must not be empty' }),
  }),
  z.object({ kind: z.literal('agent') }),
]);
export type DeviceAuthInput = z.infer<typeof DeviceAuthInput>;

export const DeviceAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyPath: z.string() }),
  z.object({ kind: z.literal('password') }),
  z.object({ kind: z.literal('agent') }),
]);
export type DeviceAuth = z.infer<typeof DeviceAuth>;

export const scanStatuses = [
  'ok',
  'unreachable',
  'auth-failed',
  'host-key-mismatch',
  'timeout',
  'failed',
] as const;
export const ScanStatus = z.enum(scanStatuses);
export type ScanStatus = z.infer<typeof ScanStatus>;

export const Device = z.object({
  id: z.number().int(),
  clientId: z.number().int(),
  clientName: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  auth: DeviceAuth,
  sudo: z.boolean(),
  tags: z.array(z.string()),
  ring: Ring,
  platform: PlatformFamily.nullable(),
  os: OsFacts.nullable(),
  hostKey: z.string().nullable(),
  rebootRequired: z.boolean().nullable(),
  lastScanAt: z.string().nullable(),
  lastScanStatus: ScanStatus.nullable(),
  lastScanError: z.string().nullable(),
  createdAt: z.string(),
  /** When the technician retired it: kept with its history, never scanned, patched or counted again. */
  retiredAt: z.string().nullable(),
});
export type Device = z.infer<typeof Device>;

/**
 * Device names repeat across clients, so the CLI names a device as `client/device`; a '/' in the name itself would
 * leave the device unreachable there. Refused here, where the console's form and the CLI both parse a name.
 */
const DeviceName = nameSchema('device name').refine((name) => !name.includes('/'), {
  error: "device name must not contain '/': it separates client and device on the command line (Acme/web-01)",
});

export const DeviceInput = z.object({
  clientId: z.number({ error: 'client is required' }).int().positive({ error: 'client is required' }),
  name: DeviceName,
  host: HostSchema,
  port: PortSchema.default(22),
  user: SshUserSchema,
  auth: DeviceAuthInput,
  sudo: z.boolean().default(false),
  /** Only for key or agent logins whose sudo asks for a password; password logins reuse their password. */
  sudoPassword: z.string().min(1, { error: 'sudo password must not be empty' }).optional(),
  tags: z.array(TagSchema).max(50).default([]),
  ring: Ring.default('broad'),
});
export type DeviceInput = z.input<typeof DeviceInput>;
/** A device to add, as parsed: defaults filled in. */
export type NewDevice = z.output<typeof DeviceInput>;

export const DeviceUpdate = z.object({
  id: z.number().int().positive(),
  name: DeviceName.optional(),
  host: HostSchema.optional(),
  port: PortSchema.optional(),
  user: SshUserSchema.optional(),
  auth: DeviceAuthInput.optional(),
  sudo: z.boolean().optional(),
  sudoPassword: z.string().min(1, { error: 'sudo password must not be empty' }).nullable().optional(),
  tags: z.array(TagSchema).max(50).optional(),
  ring: Ring.optional(),
});
export type DeviceUpdate = z.input<typeof DeviceUpdate>;
export type DeviceChanges = z.output<typeof DeviceUpdate>;

/** Which devices a list shows by whether they are retired: managed ones only (the default), all, or retired only. */
export const RetiredDevices = z.enum(['hide', 'include', 'only']);
export type RetiredDevices = z.infer<typeof RetiredDevices>;

export const DeviceFilter = z.object({
  clientId: z.number().int().positive().optional(),
  search: z.string().max(200).optional(),
  retired: RetiredDevices.optional(),
});
export type DeviceFilter = z.input<typeof DeviceFilter>;
