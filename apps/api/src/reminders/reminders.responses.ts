// Answers of the reminder routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** Jobs of the reminder queue by state (BullMQ's counts). */
export interface ReminderQueueCounts {
  /** Due now, waiting for the worker. */
  waiting: number;
  /** Scheduled for later (`before`, `due`, `overdue` reminders not yet due). */
  delayed: number;
  active: number;
  completed: number;
  failed: number;
}

/** `GET /admin/reminders`: the figures `/metrics` exports, as JSON for a person. */
export interface ReminderFigures {
  /** The queue's jobs by state; `null` while Redis is unreachable. */
  queue: ReminderQueueCounts | null;
  /** Reminders delivered to an inbox, by kind (`item_due`, `matter_overdue`). */
  sent: Array<{ kind: string; count: number }>;
  /** Reminders a channel kept failing to deliver, by kind and channel (`dingtalk`, `wecom`, `webhook`). */
  failed: Array<{ kind: string; channel: string; count: number }>;
}
