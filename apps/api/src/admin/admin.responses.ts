import type { ProjectionFailure, RebuildStatus } from '#read-models';

// Answers of the admin routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** One projection as `GET /admin/projections` shows it. */
export interface ProjectionView {
  name: string;
  version: number;
  status: string;
  checkpoint: number | null;
  /** Events between the checkpoint and the store's head. */
  lag: number;
  lagSeconds: number;
  checkpointEventTime: string | null;
  error: ProjectionFailure | null;
  rebuild: RebuildStatus | null;
}

/** `POST /admin/projections/:name/rebuild`: the rebuild started (or already running). */
export interface ProjectionRebuildStarted {
  name: string;
  rebuild: RebuildStatus | null;
}
