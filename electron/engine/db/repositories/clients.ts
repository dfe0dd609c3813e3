import type { Client, SlaDays } from '../../../../shared/domain/fleet';
import type { Database } from '../database';
import { unusedIdSql } from './unused-id';

interface ClientRow {
  id: number;
  name: string;
  time_zone: string;
  sla_red_days: number;
  sla_yellow_days: number;
  sla_green_days: number;
  created_at: string;
  device_count: number;
}

const SELECT_CLIENTS = `
  SELECT c.*, (SELECT count(*) FROM devices d WHERE d.client_id = c.id AND d.retired_at IS NULL) AS device_count
  FROM clients c`;

function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    slaDays: { red: row.sla_red_days, yellow: row.sla_yellow_days, green: row.sla_green_days },
    deviceCount: row.device_count,
    createdAt: row.created_at,
  };
}

export function listClients(database: Database): Client[] {
  return (database.statement(`${SELECT_CLIENTS} ORDER BY c.name`).all() as ClientRow[]).map(toClient);
}

export function findClientById(database: Database, id: number): Client | null {
  const row = database.statement(`${SELECT_CLIENTS} WHERE c.id = ?`).get(id) as ClientRow | undefined;
  return row ? toClient(row) : null;
}

export function findClientByName(database: Database, name: string): Client | null {
  const row = database.statement(`${SELECT_CLIENTS} WHERE c.name = ?`).get(name) as ClientRow | undefined;
  return row ? toClient(row) : null;
}

export interface NewClientRow {
  readonly name: string;
  readonly timeZone: string;
  readonly slaDays: SlaDays;
  readonly createdAt: string;
}

/** A new client's id is one no client ever had (see `unusedIdSql`). */
export function insertClient(database: Database, client: NewClientRow): number {
  const result = database
    .statement(
      `INSERT INTO clients (id, name, time_zone, sla_red_days, sla_yellow_days, sla_green_days, created_at)
       VALUES (${unusedIdSql('clients')}, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      client.name,
      client.timeZone,
      client.slaDays.red,
      client.slaDays.yellow,
      client.slaDays.green,
      client.createdAt,
    );
  return Number(result.lastInsertRowid);
}

export function updateClientRow(
  database: Database,
  id: number,
  client: Omit<NewClientRow, 'createdAt'>,
): void {
  database
    .statement(
      `UPDATE clients SET name = ?, time_zone = ?, sla_red_days = ?, sla_yellow_days = ?, sla_green_days = ? WHERE id = ?`,
    )
    .run(client.name, client.timeZone, client.slaDays.red, client.slaDays.yellow, client.slaDays.green, id);
}

export function deleteClientRow(database: Database, id: number): void {
  database.statement('DELETE FROM clients WHERE id = ?').run(id);
}
