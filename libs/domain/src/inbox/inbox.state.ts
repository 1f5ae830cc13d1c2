/**
 * A user's inbox stream (`inbox-<userId>`): the notifications delivered through it and the ids
 * read. Notifications fed by other aggregates' events (a meeting's `ReminderSent`) are not in
 * `delivered`; whether such an id belongs to the user is checked against the read model by the
 * route, because the inbox stream never saw it.
 */
export interface InboxState {
  delivered: string[];
  read: string[];
}
