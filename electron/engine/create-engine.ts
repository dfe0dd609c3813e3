import os from 'node:os';
import { AppError } from '../../shared/errors';
import { systemClock, type Clock } from './clock';
import { openDatabase, type Database } from './db/database';
import { createDeployService, scheduledDeployment, type DeployService } from './deploy/deploy-service';
import { createEngineEvents, type EngineEvents } from './engine-events';
import type { EngineContext } from './engine-context';
import { createClientService, type ClientService } from './fleet/clients';
import { createDeviceService, type DeviceService } from './fleet/devices';
import { createInventoryService, type InventoryService } from './inventory/inventory-service';
import { createScanService, type ScanService } from './inventory/scan-service';
import { createScheduler, type Scheduler, type StartDeployment } from './jobs/scheduler';
import { createApprovalService, type ApprovalService } from './policy/approval-service';
import { createExceptionService, type ExceptionService } from './policy/exception-service';
import { createPolicyService, type PolicyService } from './policy/policy-service';
import { silentLog, type Log } from './log';
import { createReportService, type ReportService } from './reports/report-service';
import { createBackupService, type BackupService } from './settings/backup-service';
import { createSettingsService, type SettingsService } from './settings/settings-service';
import type { SecretVault } from './vault/secret-vault';
import { guardWeakVault } from './vault/weak-vault-guard';
import { createVulnerabilityService, type VulnerabilityService } from './vuln';

export interface EngineOptions {
  readonly dbPath: string;
  readonly vault: SecretVault;
  readonly clock?: Clock;
  readonly log?: Log;
  /** Who acts, for the audit log; defaults to the OS user. */
  readonly actor?: string;
  /** better-sqlite3 binding for this runtime (the Electron build in the app). */
  readonly nativeBinding?: string;
  /** How the scheduler starts a policy's deployment (default: the deploy service); tests pass a recorder. */
  readonly startDeployment?: StartDeployment;
}

/** Everything a technician relies on. The app, the CLI and the tests all build it with createEngine. */
export interface Engine {
  readonly database: Database;
  readonly vault: SecretVault;
  readonly events: EngineEvents;
  readonly clients: ClientService;
  readonly devices: DeviceService;
  readonly scans: ScanService;
  readonly inventory: InventoryService;
  readonly vulnerabilities: VulnerabilityService;
  readonly deploy: DeployService;
  readonly policies: PolicyService;
  readonly exceptions: ExceptionService;
  readonly approvals: ApprovalService;
  readonly scheduler: Scheduler;
  readonly reports: ReportService;
  readonly settings: SettingsService;
  /** After a restore the engine's database is closed: the process hosting it must build a new engine. */
  readonly backups: BackupService;
  close(): void;
}

/** The composition root: open the database, build every service with its dependencies passed in. */
export function createEngine(options: EngineOptions): Engine {
  const database = openDatabase(
    options.dbPath,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  // The settings service is built below; the guard reads the opt-in only when a secret is sealed.
  let settings: SettingsService | null = null;
  const vault = guardWeakVault(options.vault, () => settings?.get().allowWeakSecretStorage ?? false);
  const context: EngineContext = {
    database,
    vault,
    clock: options.clock ?? systemClock,
    log: options.log ?? silentLog,
    actor: options.actor ?? os.userInfo().username,
  };
  const events = createEngineEvents();
  settings = createSettingsService(context);
  const devices = createDeviceService(context);
  const vulnerabilities = createVulnerabilityService(context);
  // Scans and deployments connect and sign in within the technician's SSH settings.
  const sshDefaults = () => settings.get().ssh;
  const scans = createScanService(context, devices, events, sshDefaults);
  const inventory = createInventoryService(context, devices, vulnerabilities);
  const deploy = createDeployService(context, {
    devices,
    scans,
    inventory,
    events,
    sshDefaults,
  });
  // Steps a killed or crashed Patchdeck left under way are marked interrupted before anything else runs.
  deploy.recover();
  const scheduler = createScheduler(context, options.startDeployment ?? scheduledDeployment(deploy));
  const backups = createBackupService(context, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    closeEngine: async () => {
      if (deploy.list(1000).some((job) => job.status === 'queued' || job.status === 'running')) {
        throw new AppError(
          'conflict',
          'A deployment is under way: wait for it to finish or cancel it, then restore.',
        );
      }
      await scheduler.stop();
      database.close();
    },
  });
  return {
    database,
    vault,
    events,
    clients: createClientService(context),
    devices,
    scans,
    inventory,
    vulnerabilities,
    deploy,
    policies: createPolicyService(context),
    exceptions: createExceptionService(context),
    approvals: createApprovalService(context),
    scheduler,
    reports: createReportService(context, inventory),
    settings,
    backups,
    close: () => database.close(),
  };
}
