import type { DomainActor, Role } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { MeetingCommand } from './meeting.commands.js';
import { meetingDeciderFor } from './meeting.decider.js';
import { findItem, isActionItemOverdue, openItems } from './meeting.state.js';
import type { ItemAdded, MeetingEvent } from './meeting.events.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';

// Decides as a deployment that configured nothing (the default calendar).
const meetingDecider = meetingDeciderFor(DEFAULT_DUE_CALENDAR);

const given = specFor(meetingDecider);
const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-03-02T08:00:00.000Z';
const DUE = '2025-03-10T09:00:00.000Z';
const M = 'mt1';

const office: DomainActor = { id: 'office', roles: ['reform_office'] };
const person = (id: string, ...roles: Role[]): DomainActor => ({ id, roles: roles.length ? roles : ['department'], unit: 'transport' });
const meta = (actor: DomainActor = office, now = T1) => ({ actor, now });
const cmd = <T extends MeetingCommand['type']>(
  type: T,
  data: Omit<Extract<MeetingCommand, { type: T }>['data'], 'meetingId'>,
  actor = office,
) => ({ type, data: { meetingId: M, ...data }, metadata: meta(actor) }) as unknown as MeetingCommand;

const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: M,
    title: 'Joint meeting on permits',
    scheduledAt: '2025-03-03T02:00:00.000Z',
    attendees: ['a', 'b'],
    scheduledBy: 'office',
    recordedAt: T0,
  },
};
const itemAdded = (itemId = 'i1', over: Partial<ItemAdded['data']> = {}): ItemAdded => ({
  type: 'ItemAdded',
  data: {
    meetingId: M,
    itemId,
    title: 'Publish the merged checklist',
    owner: 'alice',
    ownerUnit: 'transport',
    deadline: DUE,
    deadlineVersion: 1,
    decisionId: null,
    addedBy: 'office',
    addedAt: T1,
    ...over,
  },
});
const concluded: MeetingEvent = {
  type: 'MeetingConcluded',
  data: { meetingId: M, minutes: 'Agreed.', concludedBy: 'office', concludedAt: T1 },
};
const completed: MeetingEvent = {
  type: 'ItemCompleted',
  data: { meetingId: M, itemId: 'i1', owner: 'alice', ownerUnit: 'transport', note: 'published', completedBy: 'alice', completedAt: T1 },
};
const cancelled: MeetingEvent = {
  type: 'ItemCancelled',
  data: {
    meetingId: M,
    itemId: 'i1',
    owner: 'alice',
    ownerUnit: 'transport',
    reason: 'merged into i2',
    cancelledBy: 'office',
    cancelledAt: T1,
  },
};
const moved = (version: number, deadline: string, previousDeadline: string): MeetingEvent => ({
  type: 'ItemDeadlineChanged',
  data: {
    meetingId: M,
    itemId: 'i1',
    owner: 'alice',
    ownerUnit: 'transport',
    previousDeadline,
    deadline,
    deadlineVersion: version,
    reason: 'waiting for data',
    changedBy: 'office',
    changedAt: T1,
  },
});
const sent = (key: string, version = 1): MeetingEvent => ({
  type: 'ReminderSent',
  data: {
    meetingId: M,
    itemId: 'i1',
    title: 'Publish the merged checklist',
    deadline: DUE,
    reminderKey: key,
    kind: 'before',
    recipient: 'alice',
    at: T1,
    deadlineVersion: version,
  },
});

const addItem = (over: Partial<Extract<MeetingCommand, { type: 'AddItem' }>['data']> = {}, actor = office) =>
  cmd(
    'AddItem',
    { itemId: 'i1', title: 'Publish the merged checklist', owner: 'alice', ownerUnit: 'transport', deadline: DUE, ...over },
    actor,
  );
describe('meeting decider', () => {
  describe('item deadlines written as dates', () => {
    it('a date is the end of that day in Beijing time, kept beside the instant; not overdue that day, overdue from 00:00 the next', () => {
      const events = given([scheduled])
        .when(addItem({ deadline: '2025-03-10' }))
        .thenEvents();
      expect(events).toEqual([itemAdded('i1', { deadline: '2025-03-10T15:59:59.999Z', deadlineDate: '2025-03-10' })]);
      const item = findItem(fold(meetingDecider, [scheduled, ...events]), 'i1')!;
      expect(item).toMatchObject({ deadline: '2025-03-10T15:59:59.999Z', deadlineDate: '2025-03-10' });
      expect(isActionItemOverdue(item, '2025-03-10T23:59:59.999+08:00')).toBe(false);
      expect(isActionItemOverdue(item, '2025-03-11T00:00:00+08:00')).toBe(true);
    });

    it('a deadline moved to a date records the date; moved back to an instant, the date is gone', () => {
      const toDate = given([scheduled, itemAdded()])
        .when(cmd('ChangeItemDeadline', { itemId: 'i1', deadline: '2025-03-20', reason: 'later' }))
        .thenEvents();
      expect(toDate[0]).toMatchObject({
        type: 'ItemDeadlineChanged',
        data: { deadline: '2025-03-20T15:59:59.999Z', deadlineDate: '2025-03-20', deadlineVersion: 2 },
      });
      const state = fold(meetingDecider, [scheduled, itemAdded(), ...toDate]);
      expect(findItem(state, 'i1')).toMatchObject({ deadlineDate: '2025-03-20' });
      const back = given([scheduled, itemAdded(), ...toDate])
        .when(cmd('ChangeItemDeadline', { itemId: 'i1', deadline: '2025-03-21T09:00:00Z', reason: 'x' }))
        .thenEvents();
      expect(findItem(fold(meetingDecider, [scheduled, itemAdded(), ...toDate, ...back]), 'i1')).toMatchObject({ deadlineDate: null });
    });

    it('reads the day in the time zone the decider was built with', () => {
      const [e] = specFor(meetingDeciderFor({ timeZone: 'UTC' }))([scheduled])
        .when(addItem({ deadline: '2025-03-10' }))
        .thenEvents();
      expect(e).toMatchObject({ data: { deadline: '2025-03-10T23:59:59.999Z', deadlineDate: '2025-03-10' } });
    });

    it.each(['2025-02-30', '2025年3月10日'])('refuses %j naming the field', (deadline) => {
      expect(given([scheduled]).when(addItem({ deadline })).thenError()).toMatchObject({ code: 'MEETING.INVALID_DATE', path: 'deadline' });
      expect(
        given([scheduled, itemAdded()])
          .when(cmd('ChangeItemDeadline', { itemId: 'i1', deadline, reason: 'x' }))
          .thenError(),
      ).toMatchObject({
        code: 'MEETING.INVALID_DATE',
        path: 'deadline',
      });
    });
  });

  describe('ScheduleMeeting', () => {
    it('schedules the meeting, storing times in UTC', () => {
      const command: MeetingCommand = {
        type: 'ScheduleMeeting',
        data: { meetingId: M, title: 'Joint meeting on permits', scheduledAt: '2025-03-03T10:00:00+08:00', attendees: ['a', 'b'] },
        metadata: meta(office, T0),
      };
      const events = given([]).when(command).thenEvents();
      expect(events).toEqual([scheduled]);
      expect(fold(meetingDecider, events)).toEqual({
        id: M,
        title: 'Joint meeting on permits',
        scheduledAt: '2025-03-03T02:00:00.000Z',
        attendees: ['a', 'b'],
        status: 'scheduled',
        minutes: null,
        concludedAt: null,
        items: [],
      });
    });

    it('attendees are optional', () => {
      const [event] = given([])
        .when(cmd('ScheduleMeeting', { title: 't', scheduledAt: T1 }))
        .thenEvents();
      expect(event.data).toMatchObject({ attendees: [] });
    });

    it('refuses scheduling twice, other roles, and bad input', () => {
      expect(
        given([scheduled])
          .when(cmd('ScheduleMeeting', { title: 't', scheduledAt: T1 }))
          .thenErrorCode(),
      ).toBe('MEETING.ALREADY_EXISTS');
      expect(
        given([])
          .when(cmd('ScheduleMeeting', { title: 't', scheduledAt: T1 }, person('bob')))
          .thenError().kind,
      ).toBe('forbidden');
      expect(
        given([])
          .when(cmd('ScheduleMeeting', { title: '', scheduledAt: T1 }))
          .thenError().path,
      ).toBe('title');
      expect(
        given([])
          .when(cmd('ScheduleMeeting', { title: 't', scheduledAt: 'soon' }))
          .thenError(),
      ).toMatchObject({
        code: 'MEETING.INVALID_DATE',
        path: 'scheduledAt',
      });
      expect(
        given([])
          .when(cmd('ScheduleMeeting', { title: 't', scheduledAt: T1, attendees: ['a', 'a'] }))
          .thenError(),
      ).toMatchObject({
        code: 'MEETING.DUPLICATE_ATTENDEES',
        path: 'attendees',
      });
    });

    it('refuses commands on a meeting that does not exist', () => {
      expect(given([]).when(addItem()).thenError()).toMatchObject({ code: 'MEETING.NOT_FOUND', kind: 'not_found' });
    });
  });

  describe('AddItem', () => {
    it('adds a self-contained item at deadline version 1', () => {
      const events = given([scheduled])
        .when(addItem({ deadline: '2025-03-10T17:00:00+08:00', decisionId: 'd1' }))
        .thenEvents();
      expect(events).toEqual([itemAdded('i1', { decisionId: 'd1' })]);
      expect(findItem(fold(meetingDecider, [scheduled, ...events]), 'i1')).toEqual({
        id: 'i1',
        meetingId: M,
        title: 'Publish the merged checklist',
        owner: 'alice',
        ownerUnit: 'transport',
        deadline: DUE,
        deadlineDate: null,
        deadlineVersion: 1,
        status: 'open',
        completedAt: null,
        completionNote: null,
        cancelledAt: null,
        cancelReason: null,
        decisionId: 'd1',
        reminders: [],
        failedReminders: [],
      });
    });

    it('refuses adding to a concluded meeting', () => {
      expect(given([scheduled, concluded]).when(addItem()).thenError()).toMatchObject({ code: 'MEETING.CONCLUDED', kind: 'conflict' });
    });

    it('refuses a duplicate item id', () => {
      expect(given([scheduled, itemAdded()]).when(addItem()).thenErrorCode()).toBe('MEETING.ITEM_EXISTS');
    });

    it('refuses anyone but the reform office', () => {
      expect(
        given([scheduled])
          .when(addItem({}, person('alice')))
          .thenError(),
      ).toMatchObject({ code: 'MEETING.FORBIDDEN', kind: 'forbidden' });
    });

    it.each([
      [{ title: ' ' }, 'title'],
      [{ owner: '' }, 'owner'],
      [{ ownerUnit: '' }, 'ownerUnit'],
      [{ deadline: '31/12/2025' }, 'deadline'],
      [{ decisionId: '' }, 'decisionId'],
    ])('refuses invalid input %j', (over, path) => {
      expect(given([scheduled]).when(addItem(over)).thenError()).toMatchObject({ kind: 'invalid', path });
    });
  });

  describe('ChangeItemDeadline', () => {
    const later = '2025-03-20T09:00:00.000Z';

    it('moves the deadline and bumps its version', () => {
      const events = given([scheduled, itemAdded()])
        .when(cmd('ChangeItemDeadline', { itemId: 'i1', deadline: later, reason: 'waiting for data' }))
        .thenEvents();
      expect(events).toEqual([moved(2, later, DUE)]);
      expect(findItem(fold(meetingDecider, [scheduled, itemAdded(), ...events]), 'i1')).toMatchObject({
        deadline: later,
        deadlineVersion: 2,
      });
    });

    it('still works on a concluded meeting: items outlive their meeting', () => {
      expect(
        given([scheduled, itemAdded(), concluded])
          .when(cmd('ChangeItemDeadline', { itemId: 'i1', deadline: later, reason: 'x' }))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('refuses an unchanged deadline, a missing reason, an unknown or closed item and other roles', () => {
      const history = [scheduled, itemAdded()];
      const change = (over: object, actor = office) =>
        cmd('ChangeItemDeadline', { itemId: 'i1', deadline: later, reason: 'r', ...over }, actor);
      expect(
        given(history)
          .when(change({ deadline: '2025-03-10T17:00:00+08:00' }))
          .thenError(),
      ).toMatchObject({
        code: 'MEETING.DEADLINE_UNCHANGED',
        path: 'deadline',
      });
      expect(
        given(history)
          .when(change({ reason: '' }))
          .thenError().path,
      ).toBe('reason');
      expect(
        given(history)
          .when(change({ itemId: 'nope' }))
          .thenError(),
      ).toMatchObject({ code: 'MEETING.ITEM_NOT_FOUND', kind: 'not_found' });
      expect(
        given([...history, completed])
          .when(change({}))
          .thenErrorCode(),
      ).toBe('MEETING.ITEM_ALREADY_DONE');
      expect(
        given([...history, cancelled])
          .when(change({}))
          .thenErrorCode(),
      ).toBe('MEETING.ITEM_CANCELLED');
      expect(
        given(history)
          .when(change({}, person('alice')))
          .thenErrorCode(),
      ).toBe('MEETING.FORBIDDEN');
    });
  });

  describe('CompleteItem', () => {
    const complete = (actor: DomainActor, note = 'published') => cmd('CompleteItem', { itemId: 'i1', note }, actor);

    it('the owner completes the item', () => {
      const events = given([scheduled, itemAdded()])
        .when(complete(person('alice')))
        .thenEvents();
      expect(events).toEqual([completed]);
      const state = fold(meetingDecider, [scheduled, itemAdded(), ...events]);
      expect(findItem(state, 'i1')).toMatchObject({ status: 'done', completedAt: T1, completionNote: 'published' });
      expect(openItems(state)).toEqual([]);
    });

    it('the reform office may complete it too', () => {
      expect(given([scheduled, itemAdded()]).when(complete(office)).thenEvents()[0].data).toMatchObject({ completedBy: 'office' });
    });

    it('refuses anyone else as forbidden', () => {
      expect(
        given([scheduled, itemAdded()])
          .when(complete(person('bob')))
          .thenError(),
      ).toMatchObject({
        code: 'MEETING.NOT_ITEM_OWNER',
        kind: 'forbidden',
      });
    });

    it('refuses a missing note, an unknown item, a done or cancelled item', () => {
      expect(
        given([scheduled, itemAdded()])
          .when(complete(person('alice'), ''))
          .thenError().path,
      ).toBe('note');
      expect(given([scheduled]).when(complete(office)).thenErrorCode()).toBe('MEETING.ITEM_NOT_FOUND');
      expect(
        given([scheduled, itemAdded(), completed])
          .when(complete(person('alice')))
          .thenErrorCode(),
      ).toBe('MEETING.ITEM_ALREADY_DONE');
      expect(
        given([scheduled, itemAdded(), cancelled])
          .when(complete(person('alice')))
          .thenErrorCode(),
      ).toBe('MEETING.ITEM_CANCELLED');
    });
  });

  describe('CancelItem', () => {
    const cancel = (actor = office, reason = 'merged into i2') => cmd('CancelItem', { itemId: 'i1', reason }, actor);

    it('the reform office cancels an open item', () => {
      const events = given([scheduled, itemAdded()]).when(cancel()).thenEvents();
      expect(events).toEqual([cancelled]);
      expect(findItem(fold(meetingDecider, [scheduled, itemAdded(), ...events]), 'i1')).toMatchObject({
        status: 'cancelled',
        cancelReason: 'merged into i2',
      });
    });

    it('refuses other roles, a missing reason, an unknown or closed item', () => {
      expect(
        given([scheduled, itemAdded()])
          .when(cancel(person('alice')))
          .thenErrorCode(),
      ).toBe('MEETING.FORBIDDEN');
      expect(given([scheduled, itemAdded()]).when(cancel(office, ' ')).thenError().path).toBe('reason');
      expect(given([scheduled]).when(cancel()).thenErrorCode()).toBe('MEETING.ITEM_NOT_FOUND');
      expect(given([scheduled, itemAdded(), cancelled]).when(cancel()).thenErrorCode()).toBe('MEETING.ITEM_CANCELLED');
      expect(given([scheduled, itemAdded(), completed]).when(cancel()).thenErrorCode()).toBe('MEETING.ITEM_ALREADY_DONE');
    });
  });

  describe('ConcludeMeeting', () => {
    it('concludes with minutes; open items stay open', () => {
      const events = given([scheduled, itemAdded()])
        .when(cmd('ConcludeMeeting', { minutes: 'Agreed.' }))
        .thenEvents();
      expect(events).toEqual([concluded]);
      const state = fold(meetingDecider, [scheduled, itemAdded(), ...events]);
      expect(state).toMatchObject({ status: 'concluded', minutes: 'Agreed.', concludedAt: T1 });
      expect(openItems(state).map((i) => i.id)).toEqual(['i1']);
    });

    it('refuses concluding twice, without minutes, or by other roles', () => {
      expect(
        given([scheduled, concluded])
          .when(cmd('ConcludeMeeting', { minutes: 'again' }))
          .thenErrorCode(),
      ).toBe('MEETING.CONCLUDED');
      expect(
        given([scheduled])
          .when(cmd('ConcludeMeeting', { minutes: '' }))
          .thenError().path,
      ).toBe('minutes');
      expect(
        given([scheduled])
          .when(cmd('ConcludeMeeting', { minutes: 'm' }, person('alice')))
          .thenErrorCode(),
      ).toBe('MEETING.FORBIDDEN');
    });
  });

  describe('reminders recorded on the meeting stream (stores written before reminders had their own streams)', () => {
    it('folds a sent reminder into its item', () => {
      expect(findItem(fold(meetingDecider, [scheduled, itemAdded(), sent('item_i1_v1_before_0')]), 'i1')!.reminders).toEqual([
        { key: 'item_i1_v1_before_0', kind: 'before', at: T1, recipient: 'alice', deadlineVersion: 1 },
      ]);
    });

    it('keeps the latest failure per key', () => {
      const failed = (attempts: number): MeetingEvent => ({
        type: 'ReminderFailed',
        data: {
          meetingId: M,
          itemId: 'i1',
          reminderKey: 'k',
          kind: 'due',
          recipient: 'alice',
          error: 'webhook 503',
          attempts,
          failedAt: T1,
        },
      });
      const item = findItem(fold(meetingDecider, [scheduled, itemAdded(), failed(1), failed(2)]), 'i1')!;
      expect(item.failedReminders.map((f) => [f.key, f.attempts])).toEqual([['k', 2]]);
      expect(item.reminders).toEqual([]);
    });
  });
});
