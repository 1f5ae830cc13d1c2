import type { CataloguePart } from '../catalogue.js';

/** Joint meetings and their action items; the inbox. */
export const meetingsEn = {
  problems: {
    'MEETING.NOT_FOUND': { title: 'Meeting not found', detail: 'There is no joint meeting {{meetingId}}.' },
    'MEETING.ALREADY_EXISTS': { title: 'Meeting already scheduled', detail: 'Meeting {{meetingId}} is already scheduled.' },
    'MEETING.FORBIDDEN': { title: 'Role required', detail: 'This action needs the role: {{roles}}.' },
    'MEETING.NOT_ITEM_OWNER': {
      title: 'Not the item owner',
      detail: 'Only the owner of item {{itemId}} or the reform office may complete it.',
    },
    'MEETING.FIELD_REQUIRED': { title: 'Field required', detail: '{{path}} is required.' },
    'MEETING.INVALID_DATE': {
      title: 'Invalid date',
      detail: '{{path}} must be an ISO 8601 date-time with an offset (a deadline may also be a date YYYY-MM-DD, the end of that day).',
    },
    'MEETING.DUPLICATE_ATTENDEES': { title: 'Duplicate attendee', detail: 'Attendee {{userId}} is listed more than once.' },
    'MEETING.CONCLUDED': { title: 'Meeting concluded', detail: 'Meeting {{meetingId}} is already concluded.' },
    'MEETING.ITEM_EXISTS': { title: 'Item already exists', detail: 'Item {{itemId}} already exists.' },
    'MEETING.ITEM_NOT_FOUND': { title: 'Item not found', detail: 'Item {{itemId}} does not exist in this meeting.' },
    'MEETING.ITEM_ALREADY_DONE': { title: 'Item already done', detail: 'Item {{itemId}} is already done.' },
    'MEETING.ITEM_CANCELLED': { title: 'Item cancelled', detail: 'Item {{itemId}} was cancelled.' },
    'MEETING.DEADLINE_UNCHANGED': { title: 'Deadline unchanged', detail: 'The new deadline equals the current one.' },
    'INBOX.NOT_RECIPIENT': { title: 'Not the recipient', detail: 'Only the recipient may mark a notification read.' },
    'INBOX.FIELD_REQUIRED': { title: 'Field required', detail: '{{path}} is required.' },
    'NOTIFICATION.NOT_FOUND': { title: 'Notification not found', detail: 'There is no notification {{notificationId}} in your inbox.' },
    'REMINDER.INVALID': { title: 'Invalid reminder', detail: 'The reminder has an invalid {{path}}.' },
  },
  notifications: {
    item_before: {
      subject: 'Action item "{{title}}" is due {{due}} ({{left}} left): complete it on time',
      text:
        '### Reminder\n\n- Action item: "{{title}}"\n- Owner: {{owner}}\n- Due: {{due}} ({{left}} left)\n\n' +
        'Complete it by {{due}} and report back in the ledger.',
    },
    item_due: {
      subject: 'Action item "{{title}}" is due now ({{due}}): complete it today',
      text:
        '### Reminder\n\n- Action item: "{{title}}"\n- Owner: {{owner}}\n- Due: {{due}} (now)\n\n' +
        'Complete it now and report back in the ledger.',
    },
    item_overdue: {
      subject: 'Action item "{{title}}" is {{late}} overdue (due {{due}}): complete it and explain the delay',
      text:
        '### Overdue\n\n- Action item: "{{title}}"\n- Owner: {{owner}}\n- Due: {{due}}\n- Overdue by: {{late}}\n\n' +
        'Complete it now and explain the delay in writing.',
    },
  },
} satisfies CataloguePart;
