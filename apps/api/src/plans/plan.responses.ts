import type { KeyPoint, TaskRollup } from '#domain';
import type { PlanRecord } from '#read-models';

// Answers of the plan routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** A key point with the roll-up of the tasks that carry it out. */
export type KeyPointView = KeyPoint & { tasks: TaskRollup };
/** A plan with its key points, each rolled up, and the roll-up of all the plan's tasks. */
export type PlanView = Omit<PlanRecord, 'keyPoints'> & { keyPoints: KeyPointView[]; tasks: TaskRollup };
