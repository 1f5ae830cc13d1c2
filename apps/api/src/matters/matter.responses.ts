import type { MatterListRow } from '#read-models';

// Answers of the matter routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { MatterView } from '#read-models';

/** A matter in `GET /matters`: with `q`, `matchedIn` says where it matched. */
export type MatterListItem = MatterListRow['matter'];
