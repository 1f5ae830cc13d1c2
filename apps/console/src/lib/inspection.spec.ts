import { findingActions, findingLight, findingStep } from './inspection.js';

describe('how a finding is shown', () => {
  const now = Date.parse('2026-12-07T02:00:00Z');

  it('stands at one of the four steps 下发 → 整改中 → 待复核 → 销号; sent back, it is rectifying again', () => {
    expect(findingStep('open')).toBe('issued');
    expect(findingStep('planned')).toBe('rectifying');
    expect(findingStep('reopened')).toBe('rectifying');
    expect(findingStep('rectified')).toBe('reviewing');
    expect(findingStep('closed')).toBe('closed');
  });

  it('is red when overdue, yellow within a week of its due date, green before, and has no light once closed', () => {
    const f = (status: 'open' | 'closed', overdue: boolean, rectificationDue: string) => ({ status, overdue, rectificationDue });
    expect(findingLight(f('open', true, '2026-12-01T00:00:00Z'), now)).toBe('red');
    expect(findingLight(f('open', false, '2026-12-10T00:00:00Z'), now)).toBe('yellow');
    expect(findingLight(f('open', false, '2027-02-01T00:00:00Z'), now)).toBe('green');
    expect(findingLight(f('closed', true, '2026-12-01T00:00:00Z'), now)).toBeNull();
  });

  it('offers the plan to the responsible unit, and rectification, verification and extension to inspectors', () => {
    const inspector = { inspector: true, department: false, unit: undefined };
    const unit = { inspector: false, department: true, unit: 'u1' };
    const other = { inspector: false, department: true, unit: 'u2' };
    const finding = (status: 'open' | 'planned' | 'rectified' | 'closed' | 'reopened') => ({ status, responsibleUnit: 'u1' });

    expect(findingActions(finding('open'), unit, true)).toEqual({ plan: true, rectify: false, verify: false, extend: false });
    expect(findingActions(finding('reopened'), unit, true).plan).toBe(true);
    expect(findingActions(finding('planned'), unit, true).plan).toBe(false);
    expect(findingActions(finding('open'), other, true).plan).toBe(false);
    expect(findingActions(finding('planned'), inspector, true)).toEqual({ plan: false, rectify: true, verify: false, extend: true });
    expect(findingActions(finding('rectified'), inspector, true)).toEqual({ plan: false, rectify: false, verify: true, extend: true });
    expect(findingActions(finding('rectified'), { inspector: true, department: false, unit: 'u1' }, true).verify).toBe(false);
    expect(findingActions(finding('closed'), inspector, true)).toEqual({ plan: false, rectify: false, verify: false, extend: false });
    expect(findingActions(finding('open'), inspector, false).rectify).toBe(false);
  });
});
