import { canReadInstruction } from './instruction.access.js';
import { canReadUrging } from './urging.access.js';
import type { Reader } from './reader.js';

// API.md "Who may read what" for the supervision records: a department reads those on its own
// unit's subjects and tasks; an evaluator none; an inspector none it could not read the subject of.

const dept = (unit: string): Reader => ({ id: `d-${unit}`, roles: ['department'], unit });
const as = (role: Reader['roles'][number], unit?: string): Reader => ({ id: `x-${role}`, roles: [role], ...(unit ? { unit } : {}) });

describe('urging notices', () => {
  it('given a notice to the water bureau, when its department reads, then it may; another unit’s may not', () => {
    expect(canReadUrging(dept('water'), { leadUnit: 'water' })).toBe(true);
    expect(canReadUrging(dept('roads'), { leadUnit: 'water' })).toBe(false);
  });
  it('given any notice, when the office, a member, an inspector, a leader or an admin reads, then they may', () => {
    for (const role of ['reform_office', 'committee_member', 'inspector', 'leader', 'admin'] as const)
      expect(canReadUrging(as(role), { leadUnit: 'water' })).toBe(true);
  });
  it('given a notice, when an evaluator reads, even of an organisation named like the unit, then it may not', () => {
    expect(canReadUrging(as('evaluator', 'water'), { leadUnit: 'water' })).toBe(false);
  });
});

describe('leaders’ instructions', () => {
  const on = (kind: 'task' | 'matter' | 'finding' | 'meeting_item', unit: string | null) => ({ subject: { kind, unit } });
  it('given an instruction on each kind of subject, when the office, a member, a leader or an admin reads, then they may', () => {
    for (const role of ['reform_office', 'committee_member', 'leader', 'admin'] as const) {
      for (const kind of ['task', 'matter', 'finding', 'meeting_item'] as const)
        expect(canReadInstruction(as(role), on(kind, 'water'))).toBe(true);
    }
  });
  it('given an instruction, when a department of the subject’s unit reads, then it may; another unit’s may not', () => {
    for (const kind of ['task', 'finding', 'meeting_item'] as const) {
      expect(canReadInstruction(dept('water'), on(kind, 'water'))).toBe(true);
      expect(canReadInstruction(dept('roads'), on(kind, 'water'))).toBe(false);
    }
  });
  it('given an instruction on a matter (no unit), when a department reads, then it may not', () => {
    expect(canReadInstruction(dept('water'), on('matter', null))).toBe(false);
  });
  it('given instructions, when an inspector reads, then only those on tasks and findings (no meeting, not every matter)', () => {
    expect(canReadInstruction(as('inspector'), on('task', 'water'))).toBe(true);
    expect(canReadInstruction(as('inspector'), on('finding', 'water'))).toBe(true);
    expect(canReadInstruction(as('inspector'), on('matter', null))).toBe(false);
    expect(canReadInstruction(as('inspector'), on('meeting_item', 'water'))).toBe(false);
  });
  it('given an instruction, when an evaluator reads, then it may not', () => {
    for (const kind of ['task', 'matter', 'finding', 'meeting_item'] as const)
      expect(canReadInstruction(as('evaluator', 'water'), on(kind, 'water'))).toBe(false);
  });
});
