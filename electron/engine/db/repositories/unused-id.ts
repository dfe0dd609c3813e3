/** The tables whose rows the audit log names by id, each with the subject type its entries carry. */
const subjectTypeOf = { clients: 'client', devices: 'device', policies: 'policy' } as const;

/**
 * SQL for a new row's id in `table`: one more than any id the table or the audit log ever held, so no id is given
 * twice. These tables have no AUTOINCREMENT, so SQLite would hand a removed row's id (the highest) to the next row
 * added, and the audit trail, which names subjects by id and keeps every entry, would then tell the new one's story
 * with the removed one's. The log's index on (subject_type, subject_id) makes the lookup one step. Part of the
 * INSERT itself, so another connection cannot take the same id in between.
 */
export function unusedIdSql(table: keyof typeof subjectTypeOf): string {
  return `(max(coalesce((SELECT max(id) FROM ${table}), 0),
      coalesce((SELECT max(subject_id) FROM audit_log WHERE subject_type = '${subjectTypeOf[table]}'), 0)) + 1)`;
}
