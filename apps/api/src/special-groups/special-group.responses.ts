import type { TaskRollup } from '#domain';
import type { SpecialGroupRecord } from '#read-models';

// Answers of the special-group routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** A group in a list: the record and the roll-up of its tasks. */
export type SpecialGroupListItem = SpecialGroupRecord & { tasks: TaskRollup };
/** `GET /special-groups/:code`: the list item plus the roll-up per lead unit. */
export type SpecialGroupView = SpecialGroupListItem & { byUnit: Record<string, TaskRollup> };
