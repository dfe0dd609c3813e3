import { z } from 'zod';
import {
  Client,
  ClientInput,
  ClientUpdate,
  Device,
  DeviceFilter,
  DeviceInput,
  DeviceUpdate,
} from '../domain/fleet';
import { AppInfo, UpdaterState } from '../domain/app';

/**
 * The one IPC contract: every channel `domain:verb` with its request and response schema, and every event the
 * engine sends. Types come from these schemas. Main, the preload, the test bridge and the renderer all read
 * this file; a channel without a handler fails to compile (see ChannelHandlers).
 */
export const contract = {
  'app:info': { request: z.object({}), response: AppInfo },
  'client:list': { request: z.object({}), response: z.array(Client) },
  'client:add': { request: ClientInput, response: Client },
  'client:update': { request: ClientUpdate, response: Client },
  'client:remove': { request: z.object({ id: z.number().int().positive() }), response: z.object({}) },
  'device:list': { request: DeviceFilter, response: z.array(Device) },
  'device:get': { request: z.object({ id: z.number().int().positive() }), response: Device },
  'device:add': { request: DeviceInput, response: Device },
  'device:update': { request: DeviceUpdate, response: Device },
  'device:remove': { request: z.object({ id: z.number().int().positive() }), response: z.object({}) },
} as const satisfies Record<`${string}:${string}`, { request: z.ZodType; response: z.ZodType }>;

export const events = {
  'updater:state': UpdaterState,
} as const satisfies Record<`${string}:${string}`, z.ZodType>;

export type Channel = keyof typeof contract;
export type EventName = keyof typeof events;
/** What the caller sends (defaults still optional). */
export type RequestInput<C extends Channel> = z.input<(typeof contract)[C]['request']>;
/** What a handler receives after parsing (defaults filled in). */
export type Request<C extends Channel> = z.output<(typeof contract)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof contract)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** Every channel must have a handler: an object of this type with a channel missing does not compile. */
export type ChannelHandlers = { readonly [C in Channel]: (request: Request<C>) => Promise<Response<C>> };

export const channels = Object.keys(contract) as Channel[];
export const eventNames = Object.keys(events) as EventName[];
