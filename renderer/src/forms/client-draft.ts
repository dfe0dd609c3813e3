import { ClientInput, ClientUpdate, defaultSlaDays, type Client } from '../../../shared/domain/fleet';
import { errorsFromIssues, type FieldErrors } from './field-errors';

/** The client form as typed: text fields stay text until the schema parses them. */
export interface ClientDraft {
  readonly name: string;
  readonly timeZone: string;
  readonly slaRed: string;
  readonly slaYellow: string;
  readonly slaGreen: string;
}

export const clientFields = ['name', 'timeZone', 'slaRed', 'slaYellow', 'slaGreen'] as const;
export type ClientField = (typeof clientFields)[number];

const clientAliases: Readonly<Record<string, ClientField>> = {
  'slaDays.red': 'slaRed',
  'slaDays.yellow': 'slaYellow',
  'slaDays.green': 'slaGreen',
};

/** A blank client: the browser's own time zone is the likeliest one for a new client. */
export function emptyClientDraft(timeZone = 'UTC'): ClientDraft {
  return {
    name: '',
    timeZone,
    slaRed: String(defaultSlaDays.red),
    slaYellow: String(defaultSlaDays.yellow),
    slaGreen: String(defaultSlaDays.green),
  };
}

export function clientDraftFrom(client: Client): ClientDraft {
  return {
    name: client.name,
    timeZone: client.timeZone,
    slaRed: String(client.slaDays.red),
    slaYellow: String(client.slaDays.yellow),
    slaGreen: String(client.slaDays.green),
  };
}

/** Empty stays empty (so the schema reports it) instead of becoming 0. */
function days(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function candidate(draft: ClientDraft) {
  return {
    name: draft.name,
    timeZone: draft.timeZone,
    slaDays: { red: days(draft.slaRed), yellow: days(draft.slaYellow), green: days(draft.slaGreen) },
  };
}

// The SLA schema has no sentences of its own; these say what a technician should type.
const slaLimits: Readonly<Record<'slaRed' | 'slaYellow' | 'slaGreen', string>> = {
  slaRed: 'red SLA: whole days from 0 to 365',
  slaYellow: 'yellow SLA: whole days from 0 to 365',
  slaGreen: 'green SLA: whole days from 0 to 3650',
};

function clientErrors(issues: Parameters<typeof errorsFromIssues>[0]): FieldErrors<ClientField> {
  const errors = errorsFromIssues(issues, clientFields, clientAliases);
  for (const field of ['slaRed', 'slaYellow', 'slaGreen'] as const) {
    if (errors[field] !== undefined) errors[field] = slaLimits[field];
  }
  return errors;
}

export type Checked<T, F extends string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldErrors<F> };

/** The request to add this client, or every field's problem. */
export function clientInputFrom(draft: ClientDraft): Checked<ClientInput, ClientField> {
  const value = candidate(draft);
  const parsed = ClientInput.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: clientErrors(parsed.error.issues) };
}

/** The request to change this client, or every field's problem. */
export function clientUpdateFrom(id: number, draft: ClientDraft): Checked<ClientUpdate, ClientField> {
  const parsed = ClientUpdate.safeParse({ id, ...candidate(draft) });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: clientErrors(parsed.error.issues) };
}

export { clientAliases };
