import { describe, expect, it } from 'vitest';
import { describeAddress, describeOs, shortOsName } from '../../../../renderer/src/pages/devices/device-text';

describe('device cells', () => {
  it('shortens OS names as scans report them', () => {
    expect(shortOsName('Debian GNU/Linux 12 (bookworm)')).toBe('Debian 12');
    expect(shortOsName('Rocky Linux 9.4 (Blue Onyx)')).toBe('Rocky Linux 9.4');
    expect(shortOsName('Ubuntu 24.04.1 LTS')).toBe('Ubuntu 24.04.1 LTS');
    expect(shortOsName('Windows Server 2022 Standard')).toBe('Windows Server 2022 Standard');
    expect(shortOsName('(unknown)')).toBe('(unknown)');
  });

  it('says when a device has not been scanned', () => {
    expect(describeOs({ os: null, platform: null })).toBe('Not scanned yet');
    expect(describeOs({ os: null, platform: 'debian' })).toBe('debian');
  });

  it('shows the port only when it is not 22, bracketing IPv6 literals', () => {
    expect(describeAddress({ host: '10.0.4.21', port: 22 })).toBe('10.0.4.21');
    expect(describeAddress({ host: 'web-01.acme.lan', port: 2222 })).toBe('web-01.acme.lan:2222');
    expect(describeAddress({ host: 'fd00::5', port: 2222 })).toBe('[fd00::5]:2222');
    expect(describeAddress({ host: 'fd00::5', port: 22 })).toBe('fd00::5');
  });
});
