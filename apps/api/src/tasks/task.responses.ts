import type { InstructionSummary, TaskLedgerItem, TaskSummary, UrgingSummary } from '#read-models';

// Answers of the task routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { TaskLedgerItem } from '#read-models';

/** `GET /tasks/:id`: the ledger item with the leaders' instructions on it and its urging notices, those the reader may read. */
export type TaskDetail = TaskLedgerItem & { instructions: InstructionSummary[]; urgings: UrgingSummary[] };

/** `GET /tasks/summary`: the counts, and the special groups tasks name that nobody registered yet. */
export interface TaskSummaryAnswer extends TaskSummary {
  unregisteredSpecialGroups: string[];
  /** Leaders' instructions not closed that the reader may read (now, also for an `asOf` summary). */
  openInstructions: number;
  /** Urging notices not replied to that the reader may read (now, also for an `asOf` summary). */
  openUrgings: number;
  /** The same two counts per unit (an instruction's subject's unit, a notice's lead unit). */
  supervisionByUnit: Record<string, { openInstructions: number; openUrgings: number }>;
}
