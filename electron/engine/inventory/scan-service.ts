import type { Device, ScanStatus } from '../../../shared/domain/fleet';
import type { SshDefaults } from '../../../shared/domain/settings';
import { AppError, isAppError } from '../../../shared/errors';
import type { EventPayload } from '../../../shared/ipc/contract';
import { appendAudit } from '../audit/audit-log';
import { setDeviceHostKey, type ScanRecord } from '../db/repositories/inventory';
import { pinOnFirstUse } from '../deploy/first-use-pin';
import type { EngineContext } from '../engine-context';
import type { EngineEvents } from '../engine-events';
import type { DeviceService } from '../fleet/devices';
import { adapterFor, detectScript, parseDetection, ParseError, type ScanDepth } from '../platforms';
import type { OfferSource, ScanReport } from '../platforms/types';
import { readHostKey, type ConnectOptions, type SshSession } from '../ssh/connect';
import { SshPool } from '../ssh/pool';
import { createScanWriter } from './scan-writer';
import { sshTargetFor } from './ssh-target';

export interface ScanRequest {
  readonly deviceIds: readonly number[];
  readonly depth: ScanDepth;
  /** Devices scanned at once (default: the SSH settings' concurrency, else 32). */
  readonly concurrency?: number;
  /** Per-device limit for each remote command, in ms (default: the SSH settings', else 10 minutes). */
  readonly commandTimeoutMs?: number;
  readonly connect?: Omit<ConnectOptions, 'signal'>;
  readonly signal?: AbortSignal;
}

/** One device's scan, in the shape CLI.md's `scan --json` promises (plus ids for the console). */
export interface ScanOutcome {
  readonly deviceId: number;
  readonly device: string;
  readonly status: ScanStatus;
  readonly os: string | null;
  readonly packages: number | null;
  readonly updates: number | null;
  readonly securityUpdates: number | null;
  readonly rebootRequired: boolean | null;
  readonly metadataStale: boolean;
  readonly durationMs: number;
  readonly error: string | null;
  /** The lists of offers the scan read or could not read (see ScanReport); absent when its family does not say. */
  readonly offerSources?: readonly OfferSource[];
}

export type ScanProgress = EventPayload<'scan:progress'>;

/** Map an SSH-layer failure onto the statuses of CLI.md. */
function statusOf(error: unknown): { status: ScanStatus; message: string } {
  if (error instanceof ParseError) return { status: 'failed', message: error.message };
  if (isAppError(error)) {
    switch (error.code) {
      case 'unreachable':
      case 'auth-failed':
      case 'host-key-mismatch':
      case 'timeout':
        return { status: error.code, message: error.message };
      default:
        return { status: 'failed', message: error.message };
    }
  }
  return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
}

export interface ScanService {
  scan(request: ScanRequest): Promise<ScanOutcome[]>;
  /**
   * Scan one device through a session the caller already has open (a deployment's verify, after its install), so
   * no second SSH handshake is paid. Stored and reported exactly like a scan; failures become the outcome's status.
   */
  scanThroughSession(
    session: SshSession,
    device: Device,
    depth: ScanDepth,
    options?: { readonly commandTimeoutMs?: number },
  ): Promise<ScanOutcome>;
  /**
   * Read the host key a device presents, without signing in and without pinning it: what the technician compares
   * with the machine's own before trusting it.
   */
  presentedHostKey(
    deviceId: number,
    connect?: Omit<ConnectOptions, 'signal'>,
  ): Promise<{ pinned: string | null; presented: string }>;
  /**
   * Re-pin a device's host key after the technician checked it: reads the key it presents and pins it. With
   * `expected` (the fingerprint the technician checked), pins only that key: a device presenting any other by now
   * is refused as 'host-key-mismatch' and nothing is pinned.
   */
  trustHostKey(
    deviceId: number,
    options?: { readonly expected?: string; readonly connect?: Omit<ConnectOptions, 'signal'> },
  ): Promise<{ previous: string | null; current: string }>;
}

/** sshDefaults: the technician's SSH settings, read at each scan, for what a request leaves out. */
export function createScanService(
  context: EngineContext,
  devices: DeviceService,
  events: EngineEvents,
  sshDefaults?: () => SshDefaults,
): ScanService {
  const { database, clock, actor } = context;
  const writer = createScanWriter(database);

  const trustKey = (device: Device, fingerprint: string) => {
    database.transaction(() => {
      setDeviceHostKey(database, device.id, fingerprint);
      appendAudit(database, clock.now(), actor, {
        action: 'device.host-key-trusted',
        subjectType: 'device',
        subjectId: device.id,
        subjectName: device.name,
        details: { previous: device.hostKey, current: fingerprint },
      });
    });
  };

  type RunOptions = { timeoutMs?: number; signal?: AbortSignal };

  /** The scan itself, over an open session: what is installed, what is offered, whether a reboot is pending. */
  async function inventoryThrough(
    session: SshSession,
    device: Device,
    depth: ScanDepth,
    runOptions: RunOptions,
  ) {
    const family = device.platform ?? parseDetection(await session.run(detectScript, [], runOptions)).family;
    const adapter = adapterFor(family);
    const script = adapter.scanScript(depth);
    // Without sudo rights the script runs as the login user; a full scan's refresh then fails and is reported stale.
    const output = await session.run(device.sudo ? script : { ...script, sudo: false }, [], runOptions);
    const report = adapter.parseScan(output, depth);
    // A quick scan uses the device's metadata as it is, so its parser's "not refreshed" is no news. Stale means a
    // refresh was tried and failed, or a list of offers or their advisories could not be read, so some updates or
    // their advisories kept are an earlier scan's.
    const unread = [report.unreadUpdateManagers, report.unreadAdvisoryManagers, report.unreadCveManagers];
    return {
      platform: family,
      ...report,
      metadataStale:
        (depth === 'full' && report.metadataStale) || unread.some((managers) => (managers ?? []).length > 0),
    };
  }

  /**
   * Run one device's scan (`work` returns its inventory), store the result, however it ended, and tell the console.
   */
  async function scanRecorded(
    device: Device,
    depth: ScanDepth,
    work: (
      progress: (stage: ScanProgress['stage']) => void,
    ) => Promise<NonNullable<ScanRecord['inventory']> & Pick<ScanReport, 'offerSources'>>,
  ): Promise<ScanOutcome> {
    let started = clock.now();
    let startedMs = performance.now();
    const progress = (stage: ScanProgress['stage'], extra: Partial<ScanProgress> = {}) =>
      events.emit('scan:progress', {
        deviceId: device.id,
        device: device.name,
        stage,
        status: null,
        error: null,
        ...extra,
      });
    let record: ScanRecord;
    let offerSources: readonly OfferSource[] | undefined;
    try {
      const { offerSources: sources, ...inventory } = await work((stage) => {
        // A device's scan starts when it connects: the wait for a free session before that is the fleet's, and
        // counting it would time a refused connection as seconds of scanning.
        if (stage === 'connecting') {
          started = clock.now();
          startedMs = performance.now();
        }
        progress(stage);
      });
      offerSources = sources;
      record = {
        deviceId: device.id,
        depth,
        startedAt: started.toISOString(),
        finishedAt: clock.now().toISOString(),
        status: 'ok',
        error: null,
        durationMs: Math.round(performance.now() - startedMs),
        inventory,
      };
    } catch (error) {
      const { status, message } = statusOf(error);
      record = {
        deviceId: device.id,
        depth,
        startedAt: started.toISOString(),
        finishedAt: clock.now().toISOString(),
        status,
        error: message,
        durationMs: Math.round(performance.now() - startedMs),
        inventory: null,
      };
    }
    await writer.write(record);
    const inventory = record.inventory;
    const outcome: ScanOutcome = {
      deviceId: device.id,
      device: device.name,
      status: record.status,
      os: inventory?.os.name ?? device.os?.name ?? null,
      packages: inventory ? inventory.packages.length : null,
      updates: inventory ? inventory.updates.length : null,
      securityUpdates: inventory ? inventory.updates.filter((update) => update.security).length : null,
      rebootRequired: inventory ? inventory.rebootRequired : null,
      metadataStale: inventory?.metadataStale ?? false,
      durationMs: record.durationMs,
      error: record.error,
      ...(offerSources === undefined ? {} : { offerSources }),
    };
    progress('done', { status: outcome.status, error: outcome.error });
    return outcome;
  }

  async function scanOne(pool: SshPool, device: Device, request: ScanRequest): Promise<ScanOutcome> {
    const runOptions = {
      ...(request.commandTimeoutMs !== undefined ? { timeoutMs: request.commandTimeoutMs } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    return scanRecorded(device, request.depth, async (progress) => {
      const target = sshTargetFor(device, await devices.secrets(device.id));
      return pool.withSession(
        target,
        async (session) => {
          progress('scanning');
          return inventoryThrough(session, device, request.depth, runOptions);
        },
        {
          ...(request.signal ? { signal: request.signal } : {}),
          // Until its turn, the device stays 'queued' in the console.
          onTurn: () => progress('connecting'),
          onHostKey: pinOnFirstUse(context, device),
        },
      );
    });
  }

  /**
   * Only the key is read: nothing of the device's credentials goes to a host whose key just changed, so none is
   * opened either (a forgotten password or a locked vault must not stop the technician from checking the key).
   */
  async function readPresentedKey(device: Device, connect: Omit<ConnectOptions, 'signal'> | undefined) {
    const defaults = sshDefaults?.();
    return readHostKey(
      { name: device.name, host: device.host, port: device.port, username: device.user },
      connect ??
        (defaults
          ? { connectTimeoutMs: defaults.connectTimeoutMs, handshakeTimeoutMs: defaults.handshakeTimeoutMs }
          : {}),
    );
  }

  return {
    async scan(given) {
      const defaults = sshDefaults?.();
      const request: ScanRequest = defaults
        ? {
            ...given,
            concurrency: given.concurrency ?? defaults.concurrency,
            commandTimeoutMs: given.commandTimeoutMs ?? defaults.commandTimeoutMs,
            connect: {
              connectTimeoutMs: defaults.connectTimeoutMs,
              handshakeTimeoutMs: defaults.handshakeTimeoutMs,
              ...given.connect,
            },
          }
        : given;
      const targets = request.deviceIds.map((id) => devices.get(id));
      const pool = new SshPool({
        maxSessions: request.concurrency ?? 32,
        ...(request.connect ? { connect: request.connect } : {}),
      });
      for (const device of targets) {
        events.emit('scan:progress', {
          deviceId: device.id,
          device: device.name,
          stage: 'queued',
          status: null,
          error: null,
        });
      }
      const outcomes = await Promise.all(
        targets.map((device) =>
          scanOne(pool, device, request).catch((error: unknown) => {
            // Removed while it was scanned (its write says so): nothing is left to report on, and the others'
            // outcomes must still come back.
            if (isAppError(error) && error.code === 'not-found') return null;
            throw error;
          }),
        ),
      );
      return outcomes.filter((outcome) => outcome !== null);
    },
    scanThroughSession(session, device, depth, options = {}) {
      const runOptions =
        options.commandTimeoutMs !== undefined ? { timeoutMs: options.commandTimeoutMs } : {};
      return scanRecorded(device, depth, async (progress) => {
        progress('scanning');
        return inventoryThrough(session, device, depth, runOptions);
      });
    },
    async presentedHostKey(deviceId, connect) {
      const device = devices.get(deviceId);
      return { pinned: device.hostKey, presented: await readPresentedKey(device, connect) };
    },
    async trustHostKey(deviceId, { expected, connect } = {}) {
      const device = devices.get(deviceId);
      const current = await readPresentedKey(device, connect);
      if (expected !== undefined && current !== expected) {
        throw new AppError(
          'host-key-mismatch',
          `${device.name} now presents the host key ${current}, not the one you checked (${expected}); nothing ` +
            "was pinned. Compare the key it presents now with the machine's own before you trust it; if they " +
            'differ, someone may be intercepting the connection.',
        );
      }
      trustKey(device, current);
      return { previous: device.hostKey, current };
    },
  };
}
