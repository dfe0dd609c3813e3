import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { freePort } from '../engine/ssh/local-sshd';

interface Upstream {
  readonly host: string;
  readonly port: number;
}

/**
 * A loopback TCP forwarder standing in for one device address, to stage two operations reaching an unpinned device
 * at once: a connection can be held before it reaches any server (its operation has read "no key pinned" and waits
 * in the handshake), while another passes; and the server behind the address can be switched, as when the
 * machine is reinstalled or someone else answers for it.
 */
export interface HostKeyRaceProxy {
  readonly host: string;
  readonly port: number;
  /** Where connections arriving from now on are forwarded. */
  forwardTo(upstream: Upstream): void;
  /** Hold the next connection to arrive (until release), bound to the server chosen when it arrived; later ones pass. */
  holdNext(): void;
  /** Connections held right now. */
  held(): number;
  /** Forward the held connections to their servers. */
  release(): void;
  stop(): Promise<void>;
}

export async function startHostKeyRaceProxy(first: Upstream): Promise<HostKeyRaceProxy> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  let upstream = first;
  let holdNext = false;
  const held: { socket: Socket; upstream: Upstream }[] = [];
  const sockets = new Set<Socket>();

  const forward = (socket: Socket, to: Upstream) => {
    const server = connectTcp(to.port, to.host);
    sockets.add(server);
    socket.pipe(server).pipe(socket);
    const end = () => {
      socket.destroy();
      server.destroy();
    };
    socket.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    if (holdNext) {
      holdNext = false;
      socket.pause();
      held.push({ socket, upstream });
    } else forward(socket, upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));

  return {
    host,
    port,
    forwardTo: (to) => (upstream = to),
    holdNext: () => (holdNext = true),
    held: () => held.length,
    release: () => {
      for (const entry of held.splice(0)) forward(entry.socket, entry.upstream);
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
