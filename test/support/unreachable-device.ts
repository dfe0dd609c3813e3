import type { Engine } from '../../electron/engine/create-engine';
import type { Ring } from '../../shared/domain/fleet';

/**
 * Add a device through the engine at 127.0.0.1 port 1, where nothing listens: for tests that plan, journal or
 * scan-store without a host, and that a stray connection fails fast instead of reaching anything.
 */
export function addUnreachableDevice(
  engine: Engine,
  clientId: number,
  name: string,
  { ring = 'broad', tags = [] }: { readonly ring?: Ring; readonly tags?: readonly string[] } = {},
) {
  return engine.devices.add({
    clientId,
    name,
    host: '127.0.0.1',
    port: 1,
    user: 'tech',
    auth: { kind: 'agent' },
    sudo: false,
    tags: [...tags],
    ring,
  });
}
