import type { Event } from '../shared/decider.js';

/**
 * A committee decision was recorded. Self-contained for projections: references are always
 * arrays (possibly empty), a missing meeting is `null`, and `decidedAt` (when the committee
 * decided) is kept apart from `recordedAt` (when it was entered).
 */
export type DecisionRecorded = Event<
  'DecisionRecorded',
  {
    decisionId: string;
    title: string;
    content: string;
    meetingId: string | null;
    taskIds: string[];
    matterIds: string[];
    decidedAt: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

/** Every event of a decision stream (`decision-<id>`). */
export type DecisionEvent = DecisionRecorded;
