import { canReadFinding, canReadInspection } from './inspection.access.js';
import { canReadMatter, matterReaders } from './matter.access.js';
import { canReadActionItem, canReadMeeting, meetingAsReadBy } from './meeting.access.js';
import { robotMayName } from './robot.access.js';
import { canReadLedgerWide, canReadSpecialGroup, canReadTask, canReadUnit, ledgerScope } from './task.access.js';
import type { Meeting } from '../meeting/meeting.state.js';
import type { Reader } from './reader.js';

// API.md "Who may read what", one table row at a time.

const dept = (unit: string, id = `d-${unit}`): Reader => ({ id, roles: ['department'], unit });

describe('countersign matters', () => {
  const matter = { submittedBy: 'sub', signers: [{ userId: 'a' }, { userId: 'b' }, { userId: 'b2' }] };
  it('are read by the roles that read them all', () => {
    for (const role of ['reform_office', 'committee_member', 'leader', 'admin'] as const)
      expect(canReadMatter({ id: 'x', roles: [role] }, matter)).toBe(true);
  });
  it('are read by their submitter and every signer, a former one included; nobody else', () => {
    expect(matterReaders(matter)).toEqual(['sub', 'a', 'b', 'b2']);
    for (const id of ['sub', 'a', 'b', 'b2']) expect(canReadMatter({ id, roles: ['department'] }, matter)).toBe(true);
    expect(canReadMatter({ id: 'x', roles: ['department', 'inspector', 'evaluator'], unit: 'u' }, matter)).toBe(false);
  });
});

describe('inspections and findings', () => {
  it('a department reads the inspections of its unit and the findings its unit must rectify', () => {
    expect(canReadInspection(dept('water'), { targetUnit: 'water' })).toBe(true);
    expect(canReadInspection(dept('water'), { targetUnit: 'roads' })).toBe(false);
    expect(canReadFinding(dept('water'), { responsibleUnit: 'water' }, { targetUnit: 'roads' })).toBe(true);
    expect(canReadFinding(dept('water'), { responsibleUnit: 'parks' }, { targetUnit: 'water' })).toBe(true);
    expect(canReadFinding(dept('water'), { responsibleUnit: 'parks' }, { targetUnit: 'roads' })).toBe(false);
  });
  it('a unit alone is no department: an evaluator of an organisation named like a unit reads nothing', () => {
    expect(canReadInspection({ id: 'e', roles: ['evaluator'], unit: 'water' }, { targetUnit: 'water' })).toBe(false);
    expect(canReadInspection({ id: 'i', roles: ['inspector'] }, { targetUnit: 'water' })).toBe(true);
  });
});

describe('meetings and action items', () => {
  const meeting: Meeting = {
    id: 'm',
    title: '联席会议',
    scheduledAt: '2031-01-01T01:00:00.000Z',
    attendees: ['x'],
    status: 'concluded',
    minutes: '纪要',
    concludedAt: null,
    items: [
      { id: 'i1', owner: 'alice', ownerUnit: 'water' },
      { id: 'i2', owner: 'bob', ownerUnit: 'roads' },
    ] as Meeting['items'],
  };
  it('a department reads its unit’s items with the meeting’s title and date only', () => {
    expect(canReadActionItem(dept('water'), meeting.items[0]!)).toBe(true);
    expect(canReadActionItem(dept('water'), meeting.items[1]!)).toBe(false);
    expect(meetingAsReadBy(dept('water'), meeting)).toMatchObject({
      title: '联席会议',
      minutes: null,
      attendees: [],
      items: [{ id: 'i1' }],
    });
    expect(meetingAsReadBy(dept('parks'), meeting)).toBeNull();
    expect(canReadMeeting(dept('parks'), meeting)).toBe(false);
  });
  it('an item’s owner reads it whatever their role; the office reads the whole meeting', () => {
    expect(canReadActionItem({ id: 'bob', roles: ['inspector'] }, meeting.items[1]!)).toBe(true);
    expect(meetingAsReadBy({ id: 'o', roles: ['reform_office'] }, meeting)).toBe(meeting);
  });
});

describe('the ledger', () => {
  const commissions = [
    { evaluatorUnit: 'org', subject: { kind: 'task' as const, id: 't1' } },
    { evaluatorUnit: 'org', subject: { kind: 'unit' as const, id: 'water' } },
    { evaluatorUnit: 'org', subject: { kind: 'special_group' as const, id: 'g' } },
    { evaluatorUnit: 'other-org', subject: { kind: 'unit' as const, id: 'roads' } },
  ];
  it('an evaluator reads a commissioned task, a commissioned unit’s tasks and a commissioned group’s tasks, nothing else', () => {
    const scope = ledgerScope({ id: 'e', roles: ['evaluator'], unit: 'org' }, commissions);
    expect(canReadTask(scope, { id: 't1', leadUnit: 'x', specialGroup: 'y' })).toBe(true);
    expect(canReadTask(scope, { id: 't2', leadUnit: 'water', specialGroup: 'y' })).toBe(true);
    expect(canReadTask(scope, { id: 't3', leadUnit: 'x', specialGroup: 'g' })).toBe(true);
    expect(canReadTask(scope, { id: 't4', leadUnit: 'roads', specialGroup: 'y' })).toBe(false);
    expect([canReadUnit(scope, 'water'), canReadUnit(scope, 'roads'), canReadSpecialGroup(scope, 'g'), canReadLedgerWide(scope)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
  it('every other role reads it all', () => {
    for (const role of ['reform_office', 'committee_member', 'inspector', 'department', 'leader', 'admin'] as const) {
      expect(ledgerScope({ id: 'x', roles: [role, 'evaluator'], unit: 'org' }, []).all).toBe(true);
    }
  });
});

describe('group robots', () => {
  const street = { kind: 'unit' as const, unit: 'street-1' };
  it('name a reminder in the recipient’s own chat, and in a unit’s chat only what every user of that unit may read', () => {
    expect(robotMayName({ kind: 'recipient' }, { kind: 'matter' })).toBe(true);
    expect(robotMayName(street, { kind: 'task' })).toBe(true);
    expect(robotMayName(street, { kind: 'matter' })).toBe(false);
    expect(robotMayName(street, { kind: 'item', ownerUnit: 'street-1' })).toBe(true);
    expect(robotMayName({ kind: 'unit', unit: 'district-1' }, { kind: 'item', ownerUnit: 'street-1' })).toBe(false);
    expect(robotMayName(street, { kind: 'finding', responsibleUnit: 'street-1', targetUnit: 'other' })).toBe(true);
    expect(
      robotMayName({ kind: 'unit', unit: 'district-1' }, { kind: 'finding', responsibleUnit: 'street-1', targetUnit: 'street-1' }),
    ).toBe(false);
    expect(robotMayName({ kind: 'unit', unit: 'org-a' }, { kind: 'evaluation', evaluatorUnit: 'org-a' })).toBe(true);
    expect(robotMayName({ kind: 'unit', unit: 'org-b' }, { kind: 'evaluation', evaluatorUnit: 'org-a' })).toBe(false);
  });
  it('name nothing in a chat open to anyone, and in the default chats what every role said to read them reads', () => {
    for (const about of [{ kind: 'task' as const }, { kind: 'matter' as const }, { kind: 'item' as const, ownerUnit: 'u' }]) {
      expect(robotMayName({ kind: 'roles', roles: [] }, about)).toBe(false);
      expect(robotMayName({ kind: 'roles', roles: ['reform_office'] }, about)).toBe(true);
    }
    expect(robotMayName({ kind: 'roles', roles: ['reform_office', 'department'] }, { kind: 'task' })).toBe(true);
    expect(robotMayName({ kind: 'roles', roles: ['reform_office', 'department'] }, { kind: 'matter' })).toBe(false);
    expect(robotMayName({ kind: 'roles', roles: ['reform_office', 'evaluator'] }, { kind: 'task' })).toBe(false);
  });
});
