import type { TaskSummary } from '#read-models';

// Answers of the task routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { TaskLedgerItem } from '#read-models';

/** `GET /tasks/summary`: the counts, and the special groups tasks name that nobody registered yet. */
export interface TaskSummaryAnswer extends TaskSummary {
  unregisteredSpecialGroups: string[];
}
