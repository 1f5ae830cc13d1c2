import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { UnitCommand } from './unit.commands.js';
import { unitDecider } from './unit.decider.js';
import type { UnitEvent } from './unit.events.js';

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const admin: DomainActor = { id: 'u-admin', roles: ['admin'] };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'nanguan' };
const T0 = '2026-01-05T02:00:00.000Z';
const T1 = '2026-02-05T02:00:00.000Z';
const meta = (actor: DomainActor = office, now = T0): CommandMetadata => ({ actor, now });
const given = specFor(unitDecider);

// The tree of the specs: city ← nanguan (district) ← yongxing (street) ← shengli (community).
const nanguan: UnitEvent = {
  type: 'UnitRegistered',
  data: { code: 'nanguan', name: '南关区', level: 'district', parent: 'changchun', registeredBy: 'u-office', registeredAt: T0 },
};
type RegisterData = Extract<UnitCommand, { type: 'RegisterUnit' }>['data'];
const register = (over: Partial<RegisterData> = {}, actor = office): UnitCommand => ({
  type: 'RegisterUnit',
  data: { code: 'nanguan', name: '南关区', level: 'district', parent: 'changchun', parentRegistered: true, parentAncestors: [], ...over },
  metadata: meta(actor),
});
const move = (parent: string, parentAncestors: string[], parentRegistered = true, actor = office): UnitCommand => ({
  type: 'MoveUnit',
  data: { code: 'nanguan', parent, parentRegistered, parentAncestors },
  metadata: meta(actor, T1),
});

describe('unit decider', () => {
  describe('RegisterUnit', () => {
    it('registers a unit under a registered parent', () => {
      expect(given([]).when(register()).thenEvents()).toEqual([nanguan]);
    });

    it('registers a top-level unit without a parent', () => {
      const [e] = given([])
        .when(register({ code: 'changchun', name: '长春市', level: 'city', parent: undefined }))
        .thenEvents();
      expect(e?.data).toMatchObject({ code: 'changchun', level: 'city', parent: null });
    });

    it('may be done by an administrator, not by a department (403)', () => {
      expect(given([]).when(register({}, admin)).thenEvents()).toHaveLength(1);
      expect(given([]).when(register({}, dept)).thenError()).toMatchObject({ code: 'UNIT.ROLE_REQUIRED', kind: 'forbidden' });
    });

    it('refuses a code registered before (409)', () => {
      expect(given([nanguan]).when(register()).thenError()).toMatchObject({ code: 'UNIT.ALREADY_EXISTS', kind: 'conflict' });
    });

    it.each(['N', 'a', 'nan guan', '南关', 'x'.repeat(61), 'nan_guan'])('refuses the code %j, naming the field', (code) => {
      expect(given([]).when(register({ code })).thenError()).toMatchObject({ code: 'UNIT.INVALID_CODE', kind: 'invalid', path: 'code' });
    });

    it('refuses an unknown level', () => {
      expect(
        given([])
          .when(register({ level: 'province' as never }))
          .thenError(),
      ).toMatchObject({ code: 'UNIT.INVALID_LEVEL', path: 'level' });
    });

    it('refuses a parent that is not registered (400 on parent)', () => {
      expect(
        given([])
          .when(register({ parentRegistered: false }))
          .thenError(),
      ).toMatchObject({ code: 'UNIT.UNKNOWN_PARENT', kind: 'invalid', path: 'parent' });
    });

    it('refuses itself as its parent', () => {
      expect(
        given([])
          .when(register({ parent: 'nanguan' }))
          .thenError(),
      ).toMatchObject({ code: 'UNIT.CYCLE', path: 'parent' });
    });
  });

  describe('MoveUnit', () => {
    it('moves the unit under another registered parent, keeping the previous one', () => {
      const events = given([nanguan]).when(move('jilin', [])).thenEvents();
      expect(events).toEqual([
        { type: 'UnitMoved', data: { code: 'nanguan', previousParent: 'changchun', parent: 'jilin', movedBy: 'u-office', movedAt: T1 } },
      ]);
      expect(fold(unitDecider, [nanguan, ...events])).toMatchObject({ parent: 'jilin', updatedAt: T1, createdAt: T0 });
    });

    it('refuses a cycle: under itself, under its child, under its grandchild (400 on parent)', () => {
      expect(
        given([nanguan])
          .when(move('nanguan', ['changchun']))
          .thenError(),
      ).toMatchObject({ code: 'UNIT.CYCLE', kind: 'invalid', path: 'parent' });
      expect(
        given([nanguan])
          .when(move('yongxing', ['nanguan', 'changchun']))
          .thenError(),
      ).toMatchObject({ code: 'UNIT.CYCLE', path: 'parent' });
      expect(
        given([nanguan])
          .when(move('shengli', ['yongxing', 'nanguan', 'changchun']))
          .thenError(),
      ).toMatchObject({ code: 'UNIT.CYCLE', path: 'parent' });
    });

    it('refuses an unregistered parent, the same parent (409), an unregistered unit (404) and a department (403)', () => {
      expect(
        given([nanguan])
          .when(move('nowhere', [], false))
          .thenErrorCode(),
      ).toBe('UNIT.UNKNOWN_PARENT');
      expect(given([nanguan]).when(move('changchun', [])).thenError()).toMatchObject({ code: 'UNIT.PARENT_UNCHANGED', kind: 'conflict' });
      expect(given([]).when(move('changchun', [])).thenError()).toMatchObject({ code: 'UNIT.NOT_FOUND', kind: 'not_found' });
      expect(
        given([nanguan])
          .when(move('jilin', [], true, dept))
          .thenErrorCode(),
      ).toBe('UNIT.ROLE_REQUIRED');
    });
  });
});
