import type { Engine } from '../../electron/engine/create-engine';

/**
 * Add a device through the engine at 127.0.0.1 port 1, where nothing listens: for tests that plan, journal or
 * scan-store without a host, and that a stray connection fails fast instead of reaching anything.
 */
export function addUnreachableDevice(engine: Engine, clientId: number, name: string) {
  return engine.devices.add({
    clientId,
    name,
    host: '127.0.0.1',
    port: 1,
    user: 'tech',
    auth: { kind: 'agent' },
    sudo: false,
    tags: [],
    ring: 'broad',
  });
}
