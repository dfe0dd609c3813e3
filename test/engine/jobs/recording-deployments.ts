import type { Database } from '../../../electron/engine/db/database';
import type { ScheduledDeployment, StartDeployment } from '../../../electron/engine/jobs/scheduler';

/**
 * A real StartDeployment that records each call as a row in the engine's SQLite file (its own table), so calls
 * from several processes on one database can be counted afterwards. `delayMs` keeps the "deployment" running a
 * while, as a real one would, to widen any window for a second start.
 */
export function recordingDeployments(database: Database, delayMs = 0): StartDeployment {
  database.exec(`CREATE TABLE IF NOT EXISTS recorded_deployments (
    id INTEGER PRIMARY KEY, policy TEXT NOT NULL, occurrence TEXT NOT NULL, devices TEXT NOT NULL, pid INTEGER NOT NULL)`);
  return async (deployment: ScheduledDeployment) => {
    const id = Number(
      database
        .statement('INSERT INTO recorded_deployments (policy, occurrence, devices, pid) VALUES (?, ?, ?, ?)')
        .run(deployment.policyName, deployment.occurrenceKey, JSON.stringify(deployment.devices), process.pid)
        .lastInsertRowid,
    );
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { jobId: id, finished: Promise.resolve({ jobId: id, status: 'succeeded' as const }) };
  };
}

export interface RecordedDeployment {
  policy: string;
  occurrence: string;
  devices: { deviceId: number; device: string; packages: string[] }[];
  pid: number;
}

export function recordedDeployments(database: Database): RecordedDeployment[] {
  return (
    database
      .statement('SELECT policy, occurrence, devices, pid FROM recorded_deployments ORDER BY id')
      .all() as {
      policy: string;
      occurrence: string;
      devices: string;
      pid: number;
    }[]
  ).map((row) => ({ ...row, devices: JSON.parse(row.devices) as RecordedDeployment['devices'] }));
}
