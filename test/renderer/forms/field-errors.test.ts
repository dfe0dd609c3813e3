import { describe, expect, it } from 'vitest';
import {
  errorsFromAppError,
  errorsFromIssues,
  fieldForPath,
  hasErrors,
} from '../../../renderer/src/forms/field-errors';

const fields = ['name', 'keyPath', 'authKind', 'tags'] as const;
const aliases = { 'auth.keyPath': 'keyPath', auth: 'authKind' } as const;

describe('fieldForPath', () => {
  it('maps engine paths onto form fields, the longest alias first', () => {
    expect(fieldForPath('name', fields, aliases)).toBe('name');
    expect(fieldForPath('auth.keyPath', fields, aliases)).toBe('keyPath');
    expect(fieldForPath('auth.password', fields, aliases)).toBe('authKind');
    expect(fieldForPath('auth', fields, aliases)).toBe('authKind');
  });

  it('drops list indexes, so a bad tag lands on the tags field', () => {
    expect(fieldForPath('tags.3', fields, aliases)).toBe('tags');
  });

  it('puts paths the form does not have on the form itself', () => {
    expect(fieldForPath('id', fields, aliases)).toBe('form');
    expect(fieldForPath('', fields, aliases)).toBe('form');
    expect(fieldForPath('device', fields, aliases)).toBe('form');
  });
});

describe('errorsFromIssues', () => {
  it('keeps the first message per field and every field that has one', () => {
    const errors = errorsFromIssues(
      [
        { path: ['name'], message: 'device name must not be empty' },
        { path: ['name'], message: 'device name must be a single line of text' },
        { path: ['auth', 'keyPath'], message: 'key file is required' },
        { path: ['tags', 1], message: 'a tag must not be empty' },
      ],
      fields,
      aliases,
    );
    expect(errors).toEqual({
      name: 'device name must not be empty',
      keyPath: 'key file is required',
      tags: 'a tag must not be empty',
    });
  });

  it('returns no errors for no issues', () => {
    expect(hasErrors(errorsFromIssues([], fields, aliases))).toBe(false);
  });
});

describe('errorsFromAppError', () => {
  it('shows a conflict next to the field the engine names', () => {
    const errors = errorsFromAppError(
      { code: 'conflict', message: "Client 'Acme' already has a device named 'web-01'.", field: 'name' },
      fields,
      aliases,
    );
    expect(errors).toEqual({ name: "Client 'Acme' already has a device named 'web-01'." });
  });

  it('shows an error without a field on the form', () => {
    const errors = errorsFromAppError(
      { code: 'vault-unavailable', message: 'No passphrase.' },
      fields,
      aliases,
    );
    expect(errors).toEqual({ form: 'No passphrase.' });
    expect(hasErrors(errors)).toBe(true);
  });
});
