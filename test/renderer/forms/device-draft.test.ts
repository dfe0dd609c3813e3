import { describe, expect, it } from 'vitest';
import type { Device } from '../../../shared/domain/fleet';
import {
  deviceDraftFrom,
  deviceInputFrom,
  deviceUpdateFrom,
  emptyDeviceDraft,
  parseTags,
  type DeviceDraft,
} from '../../../renderer/src/forms/device-draft';

const valid: DeviceDraft = {
  ...emptyDeviceDraft(7),
  name: 'web-01',
  host: '10.0.4.21',
  user: 'patchdeck',
  authKind: 'key',
  keyPath: '/home/tech/.ssh/id_ed25519',
};

const stored: Device = {
  id: 3,
  clientId: 7,
  clientName: 'Acme',
  name: 'db-01',
  host: 'db-01.acme.lan',
  port: 22,
  user: 'admin',
  auth: { kind: 'password' },
  sudo: true,
  tags: ['postgres'],
  ring: 'pilot',
  platform: null,
  os: null,
  hostKey: null,
  rebootRequired: null,
  lastScanAt: null,
  lastScanStatus: null,
  lastScanError: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  retiredAt: null,
};

describe('parseTags', () => {
  it('splits on commas and spaces and drops repeats and blanks', () => {
    expect(parseTags(' web, dmz  web,,linux ')).toEqual(['web', 'dmz', 'linux']);
    expect(parseTags('')).toEqual([]);
  });
});

describe('deviceInputFrom', () => {
  it('builds the engine request with the port as a number and SSH defaults', () => {
    const checked = deviceInputFrom({ ...valid, port: ' ', tags: 'web dmz' });
    expect(checked).toEqual({
      ok: true,
      value: {
        clientId: 7,
        name: 'web-01',
        host: '10.0.4.21',
        port: 22,
        user: 'patchdeck',
        auth: { kind: 'key', keyPath: '/home/tech/.ssh/id_ed25519' },
        sudo: false,
        tags: ['web', 'dmz'],
        ring: 'broad',
      },
    });
  });

  it('reports every wrong field at once, under the form field names', () => {
    const checked = deviceInputFrom({
      ...emptyDeviceDraft(null),
      host: '300.1.1.1',
      port: '70000',
      authKind: 'password',
    });
    expect(checked).toEqual({
      ok: false,
      errors: {
        clientId: 'client is required',
        name: 'device name must not be empty',
        host: "host '300.1.1.1' is neither a hostname nor an IP address",
        port: 'port must be between 1 and 65535',
        user: 'user must not be empty',
        password: 'password must not be empty',
      },
    });
  });

  it('sends a sudo password only for key and agent logins with sudo on', () => {
    const withSudo = { ...valid, sudo: true, sudoPassword: 'pw' };
    expect(deviceInputFrom(withSudo)).toMatchObject({ ok: true, value: { sudoPassword: 'pw' } });
    const checkedOff = deviceInputFrom({ ...withSudo, sudo: false });
    expect(checkedOff.ok && 'sudoPassword' in checkedOff.value).toBe(false);
    const passwordLogin = deviceInputFrom({ ...withSudo, authKind: 'password', password: 'login-pw' });
    expect(passwordLogin.ok && 'sudoPassword' in passwordLogin.value).toBe(false);
  });
});

describe('deviceUpdateFrom', () => {
  it('keeps a stored password when the password field is left empty', () => {
    const checked = deviceUpdateFrom(stored, { ...deviceDraftFrom(stored), host: 'db-02.acme.lan' });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value).not.toHaveProperty('auth');
    expect(checked.value).toMatchObject({ id: 3, host: 'db-02.acme.lan', tags: ['postgres'], ring: 'pilot' });
    // A password login may have a separate sudo password, set in Settings: the edit must leave it stored.
    expect(checked.value).not.toHaveProperty('sudoPassword');
  });

  it('drops the stored sudo password only when sudo is turned off', () => {
    const turnedOff = deviceUpdateFrom(stored, { ...deviceDraftFrom(stored), sudo: false });
    expect(turnedOff).toMatchObject({ ok: true, value: { sudo: false, sudoPassword: null } });
    const neverOn = { ...stored, sudo: false };
    const checked = deviceUpdateFrom(neverOn, { ...deviceDraftFrom(neverOn), tags: 'postgres backup' });
    expect(checked.ok && 'sudoPassword' in checked.value).toBe(false);
  });

  it('replaces the sudo password of a key or agent login only with a typed one', () => {
    const keyLogin: Device = { ...stored, auth: { kind: 'key', keyPath: '/k' } };
    const untouched = deviceUpdateFrom(keyLogin, { ...deviceDraftFrom(keyLogin), ring: 'broad' });
    expect(untouched.ok && 'sudoPassword' in untouched.value).toBe(false);
    const typed = deviceUpdateFrom(keyLogin, { ...deviceDraftFrom(keyLogin), sudoPassword: 'new-sudo' });
    expect(typed).toMatchObject({ ok: true, value: { sudoPassword: 'new-sudo' } });
  });

  it('leaves the sudo password alone when the login kind changes', () => {
    const toKey = deviceUpdateFrom(stored, { ...deviceDraftFrom(stored), authKind: 'key', keyPath: '/k' });
    expect(toKey.ok && 'sudoPassword' in toKey.value).toBe(false);
    const keyLogin: Device = { ...stored, auth: { kind: 'key', keyPath: '/k' } };
    // A sudo password typed while the form showed the field is not sent once the field is hidden again.
    const toPassword = deviceUpdateFrom(keyLogin, {
      ...deviceDraftFrom(keyLogin),
      sudoPassword: 'typed-then-hidden',
      authKind: 'password',
      password: 'login-pw',
    });
    expect(toPassword).toMatchObject({
      ok: true,
      value: { auth: { kind: 'password', password: 'login-pw' } },
    });
    expect(toPassword.ok && 'sudoPassword' in toPassword.value).toBe(false);
  });

  it('sends the new login when the kind changes, and requires its key file', () => {
    const draft = { ...deviceDraftFrom(stored), authKind: 'key' as const };
    expect(deviceUpdateFrom(stored, draft)).toEqual({
      ok: false,
      errors: { keyPath: 'key file is required' },
    });
    const checked = deviceUpdateFrom(stored, { ...draft, keyPath: '/k' });
    expect(checked).toMatchObject({ ok: true, value: { auth: { kind: 'key', keyPath: '/k' } } });
  });
});
