import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../electron/engine/db/database';

describe('migration 0008: planned deployments', () => {
  let database: Database;
  afterEach(() => database?.close());

  const insert = (values: { status?: string; start?: string; end?: string; policyId?: number | null }) =>
    database
      .statement(
        `INSERT INTO planned_deployments (request, policy_id, window_start, window_end, time_zone, status, created_at, created_by)
         VALUES ('{}', ?, ?, ?, 'UTC', ?, 'now', 'tester')`,
      )
      .run(
        values.policyId ?? null,
        values.start ?? '2026-11-21T21:00:00.000Z',
        values.end ?? '2026-11-22T01:00:00.000Z',
        values.status ?? 'planned',
      );

  it('keeps only known statuses and windows that end after they start', () => {
    database = openDatabase(':memory:');
    insert({});
    expect(() => insert({ status: 'running' })).toThrow(/CHECK/);
    expect(() => insert({ start: '2026-11-22T01:00:00.000Z', end: '2026-11-22T01:00:00.000Z' })).toThrow(
      /CHECK/,
    );
  });

  it('keeps a planned deployment when the policy whose window it waits for is removed', () => {
    database = openDatabase(':memory:');
    database.exec(`
      INSERT INTO clients (id, name, time_zone, created_at) VALUES (1, 'Acme', 'UTC', 'now');
      INSERT INTO policies (id, name, client_id, settings, enabled, created_at, updated_at)
        VALUES (1, 'nightly', 1, '{}', 1, 'now', 'now');
    `);
    insert({ policyId: 1 });
    database.exec('DELETE FROM policies WHERE id = 1');
    expect(database.statement('SELECT policy_id AS policyId, status FROM planned_deployments').all()).toEqual(
      [{ policyId: null, status: 'planned' }],
    );
  });

  it("answers the scheduler's question through its index", () => {
    database = openDatabase(':memory:');
    const plan = database
      .statement(
        `EXPLAIN QUERY PLAN SELECT id FROM planned_deployments
         WHERE status = 'planned' AND window_start <= ? AND window_end > ?`,
      )
      .all('x', 'x') as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(
      /USING INDEX planned_deployments_by_status_start/,
    );
  });
});
