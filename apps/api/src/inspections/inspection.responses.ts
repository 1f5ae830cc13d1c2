import type { FindingView, InstructionSummary, RectificationRow } from '#read-models';

// Answers of the inspection and rectification routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { FindingView, InspectionView, RectificationSummary } from '#read-models';

/** `GET /inspections/:id/findings/:findingId`: the finding with the leaders' instructions on it the reader may read. */
export type FindingDetail = FindingView & { instructions: InstructionSummary[] };

/** A finding in `GET /rectifications`: with `q`, `matchedIn` says where it matched. */
export type FindingListItem = RectificationRow['finding'];
