import type { RectificationRow } from '#read-models';

// Answers of the inspection and rectification routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { FindingView, InspectionView, RectificationSummary } from '#read-models';

/** A finding in `GET /rectifications`: with `q`, `matchedIn` says where it matched. */
export type FindingListItem = RectificationRow['finding'];
