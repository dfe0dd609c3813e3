import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelNames, eventNames } from '../../../shared/ipc/channel-names';
import { contract, events } from '../../../shared/ipc/contract';
import { dispatch, isChannel } from '../../../electron/engine/api/dispatch';
import { createHandlers } from '../../../electron/engine/api/handlers';
import type { Log } from '../../../electron/engine/log';
import { createTempEngine } from '../../support/temp-engine';

describe('the IPC contract and dispatch', () => {
  let temp: ReturnType<typeof createTempEngine>;
  const logged: string[] = [];
  const log: Log = { info() {}, warn() {}, error: (message) => void logged.push(message) };
  beforeEach(() => {
    temp = createTempEngine();
    logged.length = 0;
  });
  afterEach(() => temp.close());

  it('names every channel as domain:verb, and the name lists match the schemas exactly', () => {
    expect(Object.keys(contract).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(events).sort()).toEqual([...eventNames].sort());
    for (const channel of channelNames) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('has a handler for every channel', () => {
    const handlers = createHandlers(temp.engine, { version: 'test' });
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
  });

  it('parses, calls and answers with a Result', async () => {
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const call = <C extends keyof typeof handlers>(channel: C, request: Parameters<(typeof handlers)[C]>[0]) =>
      handlers[channel](request);
    const added = await dispatch('client:add', { name: 'Acme', timeZone: 'Europe/Berlin' }, call, log);
    expect(added).toMatchObject({ ok: true, value: { name: 'Acme', timeZone: 'Europe/Berlin' } });
    const invalid = await dispatch('device:add', { clientId: 1, name: 'x', host: '300.1.1.1', user: 'u', auth: { kind: 'agent' } }, call, log);
    expect(invalid).toEqual({ ok: false, error: { code: 'invalid-input', field: 'host', message: "host '300.1.1.1' is neither a hostname nor an IP address" } });
    const hostile = await dispatch('client:remove', { id: "1; DROP TABLE clients" }, call, log);
    expect(hostile).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'id' } });
    expect(temp.engine.clients.list()).toHaveLength(1);
  });

  it('answers a bug with a generic sentence and logs it, without leaking internals', async () => {
    const failing = async () => {
      throw new TypeError('secret internal detail');
    };
    const result = await dispatch('client:list', {}, failing as never, log);
    expect(result).toEqual({ ok: false, error: { code: 'unexpected', message: 'Something went wrong inside Patchdeck; the details are in the log.' } });
    expect(logged).toEqual(['Unexpected error in client:list']);
  });

  it('knows its channels', () => {
    expect(isChannel('client:list')).toBe(true);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel('shell:exec')).toBe(false);
  });
});
