import {
  INSPECTION_READERS_OF_ALL,
  INSPECTOR_READS_INSTRUCTIONS_ON,
  INSTRUCTION_READERS_OF_ALL,
  MATTER_READERS_OF_ALL,
  MEETING_READERS_OF_ALL,
  readsAll,
  URGING_READERS_OF_ALL,
  type LedgerScope,
  type Reader,
} from '#domain';

/*
 * The domain's reading rules (libs/domain/src/access) as SQL, for the lists, searches, exports
 * and summaries that filter in the database. Each fragment is true for a row exactly when the
 * domain function is true for the row's record (`read-scope.sql.int-spec.ts` evaluates both on
 * the same random readers and records); `null` means the reader reads every row, so the query
 * adds nothing and keeps its plan. `alias` qualifies the columns in joined queries.
 */

/** A WHERE fragment and the values it binds, in order. */
export interface SqlFilter {
  sql: string;
  params: unknown[];
}

/** A fragment that matches no row: a reader with no way in. */
const NOTHING: SqlFilter = { sql: '0', params: [] };

const column = (alias: string | undefined, name: string): string => (alias ? `${alias}.${name}` : name);
const department = (reader: Reader): string | undefined => (reader.roles.includes('department') ? reader.unit : undefined);

/** Table of a matter's readers by {@link matterReaders} (the matters read model keeps it). */
export const MATTER_READERS_TABLE = 'matter_readers';

/**
 * `canReadMatter` over the matters table: the reader is one of the rows of
 * {@link MATTER_READERS_TABLE} for the matter (`id` column of `alias`).
 */
export function matterReadSql(reader: Reader, alias?: string): SqlFilter | null {
  if (readsAll(reader, MATTER_READERS_OF_ALL)) return null;
  return {
    sql: `EXISTS (SELECT 1 FROM ${MATTER_READERS_TABLE} rd WHERE rd.matter_id = ${column(alias, 'id')} AND rd.user_id = ?)`,
    params: [reader.id],
  };
}

/** `canReadInspection` over the inspections table's `target_unit`. */
export function inspectionReadSql(reader: Reader, alias?: string): SqlFilter | null {
  if (readsAll(reader, INSPECTION_READERS_OF_ALL)) return null;
  const unit = department(reader);
  return unit === undefined ? NOTHING : { sql: `${column(alias, 'target_unit')} = ?`, params: [unit] };
}

/** `canReadFinding` over the rectification ledger's `responsible_unit` and `target_unit` (the inspection's). */
export function findingReadSql(reader: Reader, alias?: string): SqlFilter | null {
  if (readsAll(reader, INSPECTION_READERS_OF_ALL)) return null;
  const unit = department(reader);
  return unit === undefined
    ? NOTHING
    : { sql: `(${column(alias, 'responsible_unit')} = ? OR ${column(alias, 'target_unit')} = ?)`, params: [unit, unit] };
}

/** `canReadActionItem` over the action items table's `owner` and `owner_unit`. */
export function actionItemReadSql(reader: Reader, alias?: string): SqlFilter | null {
  if (readsAll(reader, MEETING_READERS_OF_ALL)) return null;
  const unit = department(reader);
  return unit === undefined
    ? { sql: `${column(alias, 'owner')} = ?`, params: [reader.id] }
    : { sql: `(${column(alias, 'owner')} = ? OR ${column(alias, 'owner_unit')} = ?)`, params: [reader.id, unit] };
}

/** `canReadMeeting` over the meetings table: one of the meeting's item rows is readable ({@link actionItemReadSql}). */
export function meetingReadSql(reader: Reader, itemsTable: string, alias?: string): SqlFilter | null {
  const item = actionItemReadSql(reader, 'ri');
  if (item === null) return null;
  return {
    sql: `EXISTS (SELECT 1 FROM ${itemsTable} ri WHERE ri.meeting_id = ${column(alias, 'id')} AND ${item.sql})`,
    params: item.params,
  };
}

/**
 * `canReadTask` over the task ledger's `id` (the history's `task_id`: `idColumn`), `lead_unit`
 * and `special_group`: the scope's sets are bound as JSON arrays, so the statement text is the
 * same for every evaluator.
 */
export function taskReadSql(scope: LedgerScope, alias?: string, idColumn = 'id'): SqlFilter | null {
  if (scope.all) return null;
  if (scope.taskIds.size + scope.units.size + scope.groups.size === 0) return NOTHING;
  return {
    sql: `(${column(alias, idColumn)} IN (SELECT value FROM json_each(?)) OR ${column(alias, 'lead_unit')} IN (SELECT value FROM
      json_each(?))
           OR ${column(alias, 'special_group')} IN (SELECT value FROM json_each(?)))`,
    params: [JSON.stringify([...scope.taskIds]), JSON.stringify([...scope.units]), JSON.stringify([...scope.groups])],
  };
}

/** `canReadUrging` over the urgings table's `lead_unit`. */
export function urgingReadSql(reader: Reader, alias?: string): SqlFilter | null {
  if (readsAll(reader, URGING_READERS_OF_ALL)) return null;
  const unit = department(reader);
  return unit === undefined ? NOTHING : { sql: `${column(alias, 'lead_unit')} = ?`, params: [unit] };
}

/** `canReadInstruction` over the instructions table's `subject_kind` and `unit` (the subject's unit). */
export function instructionReadSql(reader: Reader, alias?: string): SqlFilter | null {
  if (readsAll(reader, INSTRUCTION_READERS_OF_ALL)) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (reader.roles.includes('inspector')) {
    parts.push(`${column(alias, 'subject_kind')} IN (${INSPECTOR_READS_INSTRUCTIONS_ON.map(() => '?').join(', ')})`);
    params.push(...INSPECTOR_READS_INSTRUCTIONS_ON);
  }
  const unit = department(reader);
  if (unit !== undefined) {
    parts.push(`${column(alias, 'unit')} = ?`);
    params.push(unit);
  }
  return parts.length === 0 ? NOTHING : { sql: `(${parts.join(' OR ')})`, params };
}
