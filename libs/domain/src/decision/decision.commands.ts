import type { Command } from '../shared/decider.js';

/**
 * Records a committee decision (committee_member or reform_office). Whether the referenced
 * meeting, tasks and matters exist is checked by the application layer: this aggregate only
 * sees its own stream.
 */
export type RecordDecision = Command<
  'RecordDecision',
  {
    decisionId: string;
    title: string;
    content: string;
    meetingId?: string;
    taskIds?: string[];
    matterIds?: string[];
    /** When the committee decided (ISO 8601 with offset); defaults to the command's `now`. */
    decidedAt?: string;
  }
>;

/** Every command the committee decision aggregate accepts. */
export type DecisionCommand = RecordDecision;
