import { refuse } from '../shared/domain-error.js';

/** Stable refusal codes of the inbox; part of the API, never rename one. */
export const InboxErrors = {
  NOT_RECIPIENT: 'INBOX.NOT_RECIPIENT',
  FIELD_REQUIRED: 'INBOX.FIELD_REQUIRED',
  ALREADY_DELIVERED: 'INBOX.ALREADY_DELIVERED',
} as const;

/** Refusal constructors, one per rule. */
export const inboxErrors = {
  notRecipient: () => refuse.forbidden(InboxErrors.NOT_RECIPIENT, 'Only the recipient may mark a notification read'),
  fieldRequired: (path: string) => refuse.invalid(InboxErrors.FIELD_REQUIRED, `${path} is required`, path),
  alreadyDelivered: (id: string) => refuse.conflict(InboxErrors.ALREADY_DELIVERED, `Notification ${id} was already delivered`),
};
