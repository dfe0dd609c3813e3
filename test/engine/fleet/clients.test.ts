import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientInput } from '../../../shared/domain/fleet';
import { parseInput } from '../../../electron/engine/api/parse-input';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine } from '../../support/temp-engine';

describe('clients', () => {
  let temp: ReturnType<typeof createTempEngine>;
  beforeEach(() => (temp = createTempEngine()));
  afterEach(() => temp.close());
  const add = (input: unknown) => temp.engine.clients.add(parseInput(ClientInput, input));

  it('adds a client with default SLA days and UTC, and records it in the audit log', () => {
    const client = add({ name: '  Acme Ltd  ' });
    expect(client).toMatchObject({
      name: 'Acme Ltd',
      timeZone: 'UTC',
      slaDays: { red: 2, yellow: 14, green: 30 },
      deviceCount: 0,
    });
    const [entry] = listAudit(temp.engine.database);
    expect(entry).toMatchObject({ action: 'client.added', subjectName: 'Acme Ltd', actor: 'tester' });
  });

  it('refuses a duplicate name regardless of case, naming the field', () => {
    add({ name: 'Acme' });
    expect(() => add({ name: 'ACME' })).toThrow(
      expect.objectContaining({
        code: 'conflict',
        field: 'name',
        message: "A client named 'Acme' already exists.",
      }),
    );
    expect(temp.engine.clients.list()).toHaveLength(1);
  });

  it.each([
    [{ name: '' }, 'client name must not be empty', 'name'],
    [{ name: 'a\nb' }, 'client name must be a single line of text', 'name'],
    [{ name: 'x'.repeat(101) }, 'client name must be at most 100 characters', 'name'],
    [
      { name: 'Acme', timeZone: 'Europe/Atlantis' },
      "'Europe/Atlantis' is not an IANA time zone (e.g. Europe/Berlin, America/New_York)",
      'timeZone',
    ],
  ])('rejects %j with a sentence naming the problem', (input, message, field) => {
    expect(() => add(input)).toThrow(expect.objectContaining({ code: 'invalid-input', message, field }));
  });

  it('updates name, zone and SLA, and refuses to remove a client that still has devices', async () => {
    const client = add({ name: 'Acme', timeZone: 'Europe/Berlin' });
    const updated = temp.engine.clients.update({
      id: client.id,
      timeZone: 'America/New_York',
      slaDays: { red: 1, yellow: 7, green: 21 },
    });
    expect(updated).toMatchObject({
      name: 'Acme',
      timeZone: 'America/New_York',
      slaDays: { red: 1, yellow: 7, green: 21 },
    });
    await temp.engine.devices.add({
      clientId: client.id,
      name: 'web-01',
      host: 'web01',
      port: 22,
      user: 'tech',
      auth: { kind: 'agent' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    expect(() => temp.engine.clients.remove(client.id)).toThrow(
      "Client 'Acme' still has 1 device: remove them first.",
    );
    expect(temp.engine.clients.list()).toHaveLength(1);
  });

  it('resolves a client by name (any case) or id, and names an unknown one', () => {
    const client = add({ name: 'Acme' });
    expect(temp.engine.clients.resolve('acme').id).toBe(client.id);
    expect(temp.engine.clients.resolve(String(client.id)).name).toBe('Acme');
    expect(() => temp.engine.clients.resolve('Nobody')).toThrow("Unknown client 'Nobody'.");
  });
});
