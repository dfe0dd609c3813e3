import type { ChannelHandlers } from '../../../shared/ipc/contract';
import type { Engine } from '../create-engine';
import { loadDemoFleet } from '../demo/demo-fleet';
import { previewRollback } from '../jobs/rollback-preview';

/**
 * The contract's channels, each mapped onto the engine. Typed as ChannelHandlers: a channel added to the
 * contract without a handler here is a compile error.
 */
export function createHandlers(engine: Engine, app: { version: string }): ChannelHandlers {
  return {
    'app:info': async () => ({
      version: app.version,
      databasePath: engine.database.path,
      vault: engine.vault.status(),
    }),
    'client:list': async () => engine.clients.list(),
    'client:add': async (request) => engine.clients.add(request),
    'client:update': async (request) => {
      const client = engine.clients.update(request);
      // Due dates depend on the client's SLA days: recompute the stored priorities when they change.
      if (request.slaDays) engine.reports.refreshCompliance(client.id);
      return client;
    },
    'client:remove': async ({ id }) => (engine.clients.remove(id), {}),
    'device:list': async (request) => engine.devices.list(request),
    // The device page's read: a retired device is shown (read-only), not refused.
    'device:get': async ({ id }) => engine.devices.get(id, { withRetired: true }),
    'device:add': async (request) => engine.devices.add(request),
    'device:update': async (request) => engine.devices.update(request),
    'device:remove': async ({ id }) => (engine.devices.remove(id), {}),
    'device:retire': async ({ id }) => engine.devices.retire(id),
    'device:reinstate': async ({ id }) => engine.devices.reinstate(id),
    'device:host-key': async ({ id }) => engine.scans.presentedHostKey(id),
    'device:trust': async ({ id, expected }) => engine.scans.trustHostKey(id, { expected }),
    'scan:run': async (request) => {
      const deviceIds =
        request.deviceIds ??
        engine.devices
          .list(request.clientId === undefined ? {} : { clientId: request.clientId })
          .map((device) => device.id);
      const outcomes = await engine.scans.scan({
        deviceIds,
        depth: request.depth,
        ...(request.concurrency ? { concurrency: request.concurrency } : {}),
      });
      // The dashboard reads stored priorities: refresh what the scan made stale now, with today's trend point, not
      // on the technician's next visit (2,000 devices: over a second; see docs/benchmarks.md).
      engine.reports.recordComplianceSnapshot();
      return outcomes;
    },
    'inventory:packages': async ({ deviceId }) => engine.inventory.packages(deviceId),
    'inventory:changes': async ({ deviceId }) => engine.inventory.changes(deviceId),
    'patch:list': async (request) => engine.inventory.patches(request),
    'patch:priorities': async (request) =>
      engine.vulnerabilities.prioritise(engine.inventory.patches(request)),
    'patch:groups': async () => engine.inventory.patchGroups(),
    'patch:devices': async () => engine.inventory.devicesMissing(),
    'feed:import': async ({ paths, allowOlder }) => {
      const imported = engine.vulnerabilities.importFiles(paths, { allowOlder: allowOlder === true });
      // New advisories recolour every device: refreshed now, as after a scan, not on the next dashboard visit.
      engine.reports.recordComplianceSnapshot();
      return imported;
    },
    'feed:status': async () => engine.vulnerabilities.status(),
    'vuln:list': async (request) => engine.vulnerabilities.findings(request),
    // Jobs run in the engine's process; the answer is the queued job, progress follows as job:progress events.
    'deploy:start': async (request) => {
      const { jobId, done } = engine.deploy.start(request);
      done.catch(() => undefined);
      return engine.deploy.get(jobId);
    },
    'deploy:preflight': async (request) => engine.deploy.preflight(request),
    'deploy:plan': async (request) => engine.scheduler.planned.plan(request),
    'deploy:planned': async ({ limit }) => engine.scheduler.planned.list(limit),
    'deploy:unplan': async ({ id }) => engine.scheduler.planned.cancel(id),
    'job:list': async ({ limit }) => engine.deploy.list(limit),
    'job:get': async ({ id }) => engine.deploy.get(id),
    'job:cancel': async ({ id }) => engine.deploy.cancel(id),
    'job:retry': async ({ id }) => {
      const { jobId, done } = engine.deploy.retry(id);
      done.catch(() => undefined);
      return engine.deploy.get(jobId);
    },
    'job:rollback': async ({ id, deviceIds }) => {
      const { jobId, done } = engine.deploy.rollback(id, deviceIds);
      done.catch(() => undefined);
      return engine.deploy.get(jobId);
    },
    'job:rollback-preview': async ({ id, deviceIds }) => previewRollback(engine.database, id, deviceIds),
    'policy:list': async () => engine.policies.list(),
    'policy:add': async (request) => engine.policies.add(request),
    'policy:update': async (request) => engine.policies.update(request),
    'policy:remove': async ({ id }) => (engine.policies.remove(id), {}),
    'approval:list': async () => engine.approvals.queue(),
    'approval:decide': async (request) => engine.approvals.decide(request),
    'approval:withdraw': async ({ package: packageName }) => (engine.approvals.withdraw(packageName), {}),
    'exception:list': async () => engine.exceptions.list(),
    'exception:add': async (request) => engine.exceptions.add(request),
    'exception:remove': async ({ id }) => (engine.exceptions.remove(id), {}),
    'exception:update': async (request) => engine.exceptions.update(request),
    'schedule:preview': async ({ policyId, draft, from, days }) =>
      draft
        ? engine.policies.previewDraft(draft, new Date(from), days)
        : engine.policies.preview(policyId ?? 0, new Date(from), days),
    'schedule:due': async ({ at }) => engine.scheduler.due(new Date(at)),
    'settings:get': async () => engine.settings.get(),
    'settings:update': async (request) => engine.settings.update(request),
    'backup:create': async ({ path, overwrite }) => engine.backups.create({ path, overwrite }),
    'backup:restore': async ({ path }) => engine.backups.restore({ path }),
    'dashboard:summary': async () => engine.reports.dashboard(),
    'report:preview': async (request) => ({ html: engine.reports.preview(request) }),
    'report:export': async (request) => engine.reports.export(request),
    'branding:get': async () => engine.reports.branding(),
    'branding:set': async (request) => engine.reports.setBranding(request),
    'demo:load': async () => loadDemoFleet(engine, new Date()),
    'credential:list': async () => engine.devices.credentials(),
    'credential:forget': async ({ deviceId, secret }) => (engine.devices.forgetSecret(deviceId, secret), {}),
  };
}
