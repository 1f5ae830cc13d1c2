import type { DomainActor } from '../shared/decider.js';
import { specFor } from '../testing.js';
import { inboxDecider } from './inbox.decider.js';
import type { InboxCommand } from './inbox.commands.js';
import type { InboxEvent } from './inbox.events.js';

const given = specFor(inboxDecider);
const NOW = '2025-03-01T08:00:00.000Z';
const alice: DomainActor = { id: 'alice', roles: ['department'] };
const worker: DomainActor = { id: 'reminder-worker', roles: ['admin'] };
const read = (actor: DomainActor, id = 'n1'): InboxCommand => ({
  type: 'MarkNotificationRead',
  data: { userId: 'alice', notificationId: id },
  metadata: { actor, now: NOW },
});
const readEvent: InboxEvent = { type: 'NotificationRead', data: { userId: 'alice', notificationId: 'n1', readAt: NOW } };
const deliver: InboxCommand = {
  type: 'DeliverNotification',
  data: { userId: 'alice', notificationId: 'm1', kind: 'matter_before', subject: 'Sign it', refs: { matterId: 'x' } },
  metadata: { actor: worker, now: NOW },
};

describe('inbox decider', () => {
  it('the recipient marks a notification read, once', () => {
    expect(given([]).when(read(alice)).thenEvents()).toEqual([readEvent]);
    expect(given([readEvent]).when(read(alice)).thenEvents()).toEqual([]);
  });

  it('refuses anyone but the recipient', () => {
    expect(given([]).when(read({ id: 'bob', roles: ['reform_office'] })).thenError()).toMatchObject({
      code: 'INBOX.NOT_RECIPIENT',
      kind: 'forbidden',
    });
  });

  it('delivers a notification once', () => {
    const events = given([]).when(deliver).thenEvents();
    expect(events[0]).toMatchObject({ type: 'NotificationDelivered', data: { notificationId: 'm1', deliveredAt: NOW } });
    expect(given(events).when(deliver).thenErrorCode()).toBe('INBOX.ALREADY_DELIVERED');
  });

  it('refuses a blank subject', () => {
    const bad = { ...deliver, data: { ...deliver.data, subject: ' ' } } as InboxCommand;
    expect(given([]).when(bad).thenError().path).toBe('subject');
  });
});
