import type { DomainActor, Role } from '../shared/decider.js';
import { canReadFile, type FileReadFacts } from './file.access.js';

const actor = (id: string, roles: Role[], unit?: string): DomainActor => ({ id, roles, ...(unit ? { unit } : {}) });
const uncited: FileReadFacts = { uploaders: [{ id: 'u-up', unit: 'unit-a' }], citedBy: [] };
const citedByTask: FileReadFacts = {
  uploaders: [{ id: 'u-up', unit: 'unit-a' }],
  citedBy: [{ stream: 'task-1', revision: 3, unit: 'unit-b' }],
};
const citedByEvaluation: FileReadFacts = {
  uploaders: [{ id: 'u-eval', unit: 'org-x' }],
  citedBy: [{ stream: 'evaluation-1', revision: 2, evaluatorUnit: 'org-x' }],
};

describe('canReadFile (API.md: evidence is more private than the records citing it)', () => {
  it('lets anyone read what they uploaded themselves', () => {
    for (const role of ['department', 'evaluator', 'inspector', 'admin'] as const)
      expect(canReadFile(actor('u-up', [role], 'elsewhere'), uncited)).toBe(true);
  });

  it('lets a department read what its unit uploaded and what its unit’s records cite, and nothing else', () => {
    expect(canReadFile(actor('u-colleague', ['department'], 'unit-a'), uncited)).toBe(true);
    expect(canReadFile(actor('u-b', ['department'], 'unit-b'), citedByTask)).toBe(true);
    expect(canReadFile(actor('u-c', ['department'], 'unit-c'), citedByTask)).toBe(false);
    expect(canReadFile(actor('u-none', ['department']), citedByTask)).toBe(false);
  });

  it('lets inspectors, the office, members, leaders and admins read every cited file, not an uncited one', () => {
    for (const role of ['inspector', 'reform_office', 'committee_member', 'leader', 'admin'] as const) {
      expect(canReadFile(actor(`u-${role}`, [role]), citedByTask)).toBe(true);
      expect(canReadFile(actor(`u-${role}`, [role]), uncited)).toBe(false);
    }
  });

  it('lets an evaluator read what evaluations commissioned from its organisation cite, and only that', () => {
    expect(canReadFile(actor('u-e2', ['evaluator'], 'org-x'), citedByEvaluation)).toBe(true);
    expect(canReadFile(actor('u-e3', ['evaluator'], 'org-y'), citedByEvaluation)).toBe(false);
    expect(canReadFile(actor('u-e2', ['evaluator'], 'unit-b'), citedByTask)).toBe(false);
  });
});
