// Answers of the meeting, action item and notification routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { ActionItemView, MeetingView, NotificationView } from '#read-models';
