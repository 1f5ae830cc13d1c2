import { Injectable } from '@nestjs/common';
import type { InstructedSubject, InstructionSubjectKind } from '#domain';
import { actionItemById, findingById, getMatter, getTask } from '#read-models';
import { AppConfig, Clock, ProjectionsService } from '#platform';

/**
 * The record an instruction names, as its own read model knows it: its title and the unit that
 * answers for it (a task's lead unit, a finding's responsible unit, an action item's owner's
 * unit; a matter has no unit, so the office answers).
 */
@Injectable()
export class InstructionSubjects {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  find(kind: string, id: string): InstructedSubject | null {
    const db = (name: string) => this.projections.runner(name).db;
    switch (kind as InstructionSubjectKind) {
      case 'task': {
        const t = getTask(db('task-ledger'), id, this.clock.now(), this.config.taskLightRule);
        return t ? { kind: 'task', id, title: t.title, unit: t.leadUnit } : null;
      }
      case 'matter': {
        const m = getMatter(db('matters'), id);
        return m ? { kind: 'matter', id, title: m.title, unit: null } : null;
      }
      case 'finding': {
        const f = findingById(db('rectification-ledger'), id);
        return f ? { kind: 'finding', id, title: f.description, unit: f.responsibleUnit } : null;
      }
      case 'meeting_item': {
        const i = actionItemById(db('meetings'), id);
        return i ? { kind: 'meeting_item', id, title: i.title, unit: i.ownerUnit } : null;
      }
      default:
        // The DTO admits the four kinds only; the decider names the field for anything else.
        return null;
    }
  }
}
