/**
 * Stable refusal codes of the inbox aggregate. They are part of the HTTP contract (clients
 * branch on them): add new ones, never rename.
 */
export const InboxErrors = {
  /** forbidden: only the recipient marks a notification read. */
  NOT_RECIPIENT: 'INBOX.NOT_RECIPIENT',
  /** invalid (the field named): missing or blank. */
  FIELD_REQUIRED: 'INBOX.FIELD_REQUIRED',
} as const;
