/** A recorded committee decision, as `GET /decisions/:id` shows it (minus `revision`). */
export interface Decision {
  id: string;
  title: string;
  content: string;
  meetingId: string | null;
  taskIds: string[];
  matterIds: string[];
  decidedAt: string;
  recordedBy: string;
  recordedAt: string;
}

/** The folded stream: `null` until the decision is recorded. */
export type DecisionState = Decision | null;
