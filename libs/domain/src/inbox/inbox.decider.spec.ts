import type { DomainActor } from '../shared/decider.js';
import { specFor } from '../testing.js';
import { inboxDecider } from './inbox.decider.js';
import type { InboxCommand } from './inbox.commands.js';
import type { InboxEvent } from './inbox.events.js';

const given = specFor(inboxDecider);
const NOW = '2025-03-01T08:00:00.000Z';
const alice: DomainActor = { id: 'alice', roles: ['department'] };
const read = (actor: DomainActor, id = 'n1'): InboxCommand => ({
  type: 'MarkNotificationRead',
  data: { userId: 'alice', notificationId: id },
  metadata: { actor, now: NOW },
});
const readEvent: InboxEvent = { type: 'NotificationRead', data: { userId: 'alice', notificationId: 'n1', readAt: NOW } };
// How stores written before reminders had their own streams recorded a matter's reminder.
const delivered: InboxEvent = {
  type: 'NotificationDelivered',
  data: { userId: 'alice', notificationId: 'n1', kind: 'matter_before', subject: 'Sign it', refs: { matterId: 'x' }, deliveredAt: NOW },
};

describe('inbox decider', () => {
  it('the recipient marks a notification read, once', () => {
    expect(given([]).when(read(alice)).thenEvents()).toEqual([readEvent]);
    expect(given([readEvent]).when(read(alice)).thenEvents()).toEqual([]);
  });

  it('refuses anyone but the recipient', () => {
    expect(
      given([])
        .when(read({ id: 'bob', roles: ['reform_office'] }))
        .thenError(),
    ).toMatchObject({
      code: 'INBOX.NOT_RECIPIENT',
      kind: 'forbidden',
    });
  });

  it('still folds a notification delivered in the old shape, and reads it once', () => {
    expect(given([delivered]).when(read(alice)).thenEvents()).toEqual([readEvent]);
    expect(given([delivered, readEvent]).when(read(alice)).thenEvents()).toEqual([]);
  });
});
