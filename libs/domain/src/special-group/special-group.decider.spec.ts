import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { SpecialGroupCommand } from './special-group.commands.js';
import { specialGroupDecider } from './special-group.decider.js';
import type { SpecialGroupEvent } from './special-group.events.js';

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const member: DomainActor = { id: 'u-member', roles: ['committee_member'] };
const T0 = '2026-01-05T02:00:00.000Z';
const T1 = '2026-02-05T02:00:00.000Z';
const meta = (actor: DomainActor = office, now = T0): CommandMetadata => ({ actor, now });
const given = specFor(specialGroupDecider);

const registered: SpecialGroupEvent = {
  type: 'SpecialGroupRegistered',
  data: {
    code: 'gov-services',
    name: '政务服务改革专项小组',
    lead: 'vice-mayor-li',
    deputies: ['deputy-wang'],
    memberUnits: ['data-bureau', 'market-bureau'],
    registeredBy: 'u-office',
    registeredAt: T0,
  },
};

const register = (
  over: Partial<Extract<SpecialGroupCommand, { type: 'RegisterSpecialGroup' }>['data']> = {},
  actor = office,
): SpecialGroupCommand => ({
  type: 'RegisterSpecialGroup',
  data: {
    code: 'gov-services',
    name: '政务服务改革专项小组',
    lead: 'vice-mayor-li',
    deputies: ['deputy-wang'],
    memberUnits: ['data-bureau', 'market-bureau'],
    ...over,
  },
  metadata: meta(actor),
});
const change = (
  data: Omit<Extract<SpecialGroupCommand, { type: 'ChangeSpecialGroupMembers' }>['data'], 'code'>,
  actor = office,
): SpecialGroupCommand => ({
  type: 'ChangeSpecialGroupMembers',
  data: { code: 'gov-services', ...data },
  metadata: meta(actor, T1),
});

describe('special group decider', () => {
  describe('RegisterSpecialGroup', () => {
    it('registers the group with its lead, deputies and member units', () => {
      expect(given([]).when(register()).thenEvents()).toEqual([registered]);
    });
    it('defaults deputies to none', () => {
      const [e] = given([])
        .when(register({ deputies: undefined }))
        .thenEvents();
      expect(e?.data.deputies).toEqual([]);
    });
    it('is refused to anyone but the reform office', () => {
      const err = given([]).when(register({}, member)).thenError();
      expect([err.code, err.kind]).toEqual(['SPECIAL_GROUP.ROLE_REQUIRED', 'forbidden']);
    });
    it('refuses a code registered before (409)', () => {
      const err = given([registered]).when(register()).thenError();
      expect([err.code, err.kind]).toEqual(['SPECIAL_GROUP.ALREADY_EXISTS', 'conflict']);
    });
    it.each(['G1', 'a', 'gov services', '政务', 'x'.repeat(41), 'gov_services'])('refuses the code %j, naming the field', (code) => {
      const err = given([]).when(register({ code })).thenError();
      expect([err.code, err.kind, err.path]).toEqual(['SPECIAL_GROUP.INVALID_CODE', 'invalid', 'code']);
    });
    it('refuses a member unit listed twice', () => {
      const err = given([])
        .when(register({ memberUnits: ['a', 'b', 'a'] }))
        .thenError();
      expect([err.code, err.path]).toEqual(['SPECIAL_GROUP.DUPLICATE', 'memberUnits.2']);
    });
    it('refuses the lead as a deputy', () => {
      const err = given([])
        .when(register({ deputies: ['x', 'vice-mayor-li'] }))
        .thenError();
      expect([err.code, err.path]).toEqual(['SPECIAL_GROUP.LEAD_AS_DEPUTY', 'deputies.1']);
    });
  });

  describe('ChangeSpecialGroupMembers', () => {
    it('adds and removes units, keeping the lead and deputies when not asked to change them', () => {
      const events = given([registered])
        .when(change({ add: ['transport-bureau'], remove: ['market-bureau'] }))
        .thenEvents();
      expect(events).toEqual([
        {
          type: 'SpecialGroupMembersChanged',
          data: {
            code: 'gov-services',
            added: ['transport-bureau'],
            removed: ['market-bureau'],
            lead: 'vice-mayor-li',
            deputies: ['deputy-wang'],
            changedBy: 'u-office',
            changedAt: T1,
          },
        },
      ]);
      expect(fold(specialGroupDecider, [registered, ...events])).toMatchObject({
        memberUnits: ['data-bureau', 'transport-bureau'],
        updatedAt: T1,
      });
    });
    it('makes a deputy the lead, dropping them from the deputies', () => {
      const events = given([registered])
        .when(change({ lead: 'deputy-wang' }))
        .thenEvents();
      expect(fold(specialGroupDecider, [registered, ...events])).toMatchObject({ lead: 'deputy-wang', deputies: [] });
    });
    it('replaces the deputies', () => {
      const events = given([registered])
        .when(change({ deputies: ['a', 'b'] }))
        .thenEvents();
      expect(fold(specialGroupDecider, [registered, ...events])).toMatchObject({ lead: 'vice-mayor-li', deputies: ['a', 'b'] });
    });
    it('refuses a group that is not registered (404)', () => {
      const err = given([])
        .when(change({ add: ['x'] }))
        .thenError();
      expect([err.code, err.kind]).toEqual(['SPECIAL_GROUP.NOT_FOUND', 'not_found']);
    });
    it('refuses a change that names nothing', () => {
      const err = given([registered]).when(change({})).thenError();
      expect([err.code, err.kind]).toEqual(['SPECIAL_GROUP.NOTHING_TO_CHANGE', 'invalid']);
    });
    it('refuses adding a member and removing a stranger, naming the entry', () => {
      expect(
        given([registered])
          .when(change({ add: ['data-bureau'] }))
          .thenError().path,
      ).toBe('add.0');
      expect(
        given([registered])
          .when(change({ remove: ['x', 'nobody'] }))
          .thenError(),
      ).toMatchObject({ code: 'SPECIAL_GROUP.NOT_MEMBER', path: 'remove.0' });
    });
    it('refuses the new lead among the new deputies', () => {
      expect(
        given([registered])
          .when(change({ lead: 'a', deputies: ['a'] }))
          .thenErrorCode(),
      ).toBe('SPECIAL_GROUP.LEAD_AS_DEPUTY');
    });
    it('is refused to a committee member', () => {
      expect(
        given([registered])
          .when(change({ add: ['x'] }, member))
          .thenErrorCode(),
      ).toBe('SPECIAL_GROUP.ROLE_REQUIRED');
    });
  });
});
