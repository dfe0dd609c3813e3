import { describe, expect, it } from 'vitest';
import {
  clientInputFrom,
  clientUpdateFrom,
  emptyClientDraft,
} from '../../../renderer/src/forms/client-draft';

describe('client drafts', () => {
  it('turns the typed SLA days into numbers', () => {
    const checked = clientInputFrom({ ...emptyClientDraft('Europe/Berlin'), name: ' Acme ', slaRed: '3' });
    expect(checked).toEqual({
      ok: true,
      value: { name: 'Acme', timeZone: 'Europe/Berlin', slaDays: { red: 3, yellow: 14, green: 30 } },
    });
  });

  it('says what to type for a bad SLA instead of zod generic wording, and checks the zone', () => {
    const checked = clientInputFrom({
      name: '',
      timeZone: 'Mars/Olympus',
      slaRed: '',
      slaYellow: '1.5',
      slaGreen: '9999',
    });
    expect(checked).toEqual({
      ok: false,
      errors: {
        name: 'client name must not be empty',
        timeZone: "'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin, America/New_York)",
        slaRed: 'red SLA: whole days from 0 to 365',
        slaYellow: 'yellow SLA: whole days from 0 to 365',
        slaGreen: 'green SLA: whole days from 0 to 3650',
      },
    });
  });

  it('an update carries the id', () => {
    expect(clientUpdateFrom(4, { ...emptyClientDraft(), name: 'Birch' })).toMatchObject({
      ok: true,
      value: { id: 4, name: 'Birch', timeZone: 'UTC' },
    });
  });
});
