import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/ipc/contract';
import { parseInput } from '../../../electron/engine/api/parse-input';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { createTempEngine, fixedClock } from '../../support/temp-engine';

describe('schedule:preview of a policy still being edited', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clientId: number;
  beforeEach(() => {
    temp = createTempEngine({ clock: fixedClock('2026-11-22T09:00:00Z') });
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'America/New_York' }).id;
  });
  afterEach(() => temp.close());

  // Parsing happens inside, so a refused request is a rejection like any engine refusal.
  const preview = async (request: unknown) => {
    const handlers = createHandlers(temp.engine, { version: 'test' });
    return handlers['schedule:preview'](parseInput(contract['schedule:preview'].request, request));
  };

  it('lays out unsaved windows in the client zone, the same instants a saved policy would get', async () => {
    const from = '2026-10-25T00:00:00Z';
    const draft = await preview({
      draft: { clientId, windows: ['Sat 22:00-02:00'], timeZone: null },
      from,
      days: 14,
    });
    expect(draft.map((occurrence) => [occurrence.start, occurrence.end])).toEqual([
      ['2026-10-25T02:00:00.000Z', '2026-10-25T06:00:00.000Z'],
      // Across the end of summer time in New York: five hours.
      ['2026-11-01T02:00:00.000Z', '2026-11-01T07:00:00.000Z'],
    ]);
    const saved = temp.engine.policies.add({ name: 'p', clientId, windows: ['Sat 22:00-02:00'] });
    expect(await preview({ policyId: saved.id, from, days: 14 })).toEqual(draft);
  });

  it('reads the draft in its own zone when one is typed', async () => {
    const [first] = await preview({
      draft: { clientId, windows: ['Sun 03:00-04:00'], timeZone: 'Asia/Tokyo' },
      from: '2026-11-22T00:00:00Z',
      days: 7,
    });
    // Sunday 29 November 03:00 in Tokyo (UTC+9) is Saturday 18:00 UTC.
    expect(first).toMatchObject({ start: '2026-11-28T18:00:00.000Z', end: '2026-11-28T19:00:00.000Z' });
  });

  it('answers a half-typed window, an unknown zone or client, and an ambiguous request in words', async () => {
    const from = '2026-11-22T00:00:00Z';
    await expect(
      preview({ draft: { clientId, windows: ['Sat 25:00-05:00'], timeZone: null }, from }),
    ).rejects.toThrow('hour 25 is not a time of day');
    await expect(
      preview({ draft: { clientId, windows: ['Sat 01:00-02:00'], timeZone: 'Mars/Olympus' }, from }),
    ).rejects.toThrow(/Mars\/Olympus/);
    await expect(
      preview({ draft: { clientId: 999, windows: ['Sat 01:00-02:00'], timeZone: null }, from }),
    ).rejects.toThrow('There is no client with id 999.');
    await expect(preview({ from })).rejects.toThrow('name either a saved policy or a draft to preview');
    await expect(
      preview({ policyId: 1, draft: { clientId, windows: ['Sat 01:00-02:00'], timeZone: null }, from }),
    ).rejects.toThrow('name either a saved policy or a draft to preview');
  });
});
