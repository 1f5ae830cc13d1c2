import type { InstructionSummary, MatterListRow, MatterView } from '#read-models';

// Answers of the matter routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** `GET /matters/:id`: the matter with the leaders' instructions on it the reader may read. */
export type MatterDetail = MatterView & { instructions: InstructionSummary[] };

/** A matter in `GET /matters`: with `q`, `matchedIn` says where it matched. */
export type MatterListItem = MatterListRow['matter'];
