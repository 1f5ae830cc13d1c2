import type { InstructionSummary, MeetingView } from '#read-models';

// Answers of the meeting, action item and notification routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { ActionItemView, MeetingView, NotificationView } from '#read-models';

/** `GET /meetings/:id`: the meeting whose items each list the leaders' instructions on them the reader may read. */
export type MeetingDetail = Omit<MeetingView, 'items'> & {
  items: Array<MeetingView['items'][number] & { instructions: InstructionSummary[] }>;
};
