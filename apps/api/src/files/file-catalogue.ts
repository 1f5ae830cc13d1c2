import { Injectable } from '@nestjs/common';
import {
  canReadFile,
  canReadFinding,
  canReadInstruction,
  canReadTask,
  canReadUrging,
  mayReadEvaluation,
  parseStream,
  type AttachmentCandidate,
  type DomainActor,
  type FileCitation,
  type FileReadFacts,
  type LedgerScope,
} from '#domain';
import { getFileRecord, getInspection, getInstruction, getTask, getUrging, type FileCitationRow, type FileRecord } from '#read-models';
import { AppConfig, Clock, ProjectionsService } from '#platform';
import { ledgerScopeOf } from '../access/ledger-scope.js';

/**
 * The files read model joined with the records citing each file: who owns each citing record
 * (a task's lead unit, a finding's responsible unit, an evaluation's evaluator), which is what
 * the domain's `canReadFile` judges. The one place routes and deciders get file facts from.
 */
@Injectable()
export class FileCatalogue {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private db(name: string) {
    return this.projections.runner(name).db;
  }

  /** A kept file, or null. */
  record(id: string): FileRecord | null {
    return getFileRecord(this.db('files'), id);
  }

  /** The owners of the records citing the file, beside its uploaders. */
  facts(record: FileRecord): FileReadFacts {
    return { uploaders: record.uploaders, citedBy: record.citedBy.map((c) => this.citation(c)) };
  }

  /** Whether `actor` may read the file (API.md's rule, the domain's function). */
  canRead(actor: DomainActor, record: FileRecord): boolean {
    return canReadFile(actor, this.facts(record));
  }

  /**
   * The citations of `record` whose record `actor` may read: `citedBy` names no record the
   * reader could not `GET` (API.md "Who may read what"; reading the file does not widen it).
   * Each kind is judged by its own rule: a task by the reader's ledger scope, a finding by
   * `canReadFinding` (the citing event names its responsible unit), an evaluation by
   * `mayReadEvaluation`, an urging by `canReadUrging`, an instruction by `canReadInstruction`;
   * anything else is not named.
   */
  readableCitations(actor: DomainActor, record: FileRecord): FileCitationRow[] {
    let scope: LedgerScope | undefined;
    const now = this.clock.now();
    return record.citedBy.filter((c) => {
      const { category, id } = parseStream(c.stream);
      switch (category) {
        case 'task': {
          const task = getTask(this.db('task-ledger'), id, now, this.config.taskLightRule);
          scope ??= ledgerScopeOf(this.projections, actor);
          return task !== null && canReadTask(scope, task);
        }
        case 'inspection': {
          const inspection = getInspection(this.db('inspections'), id, now);
          return inspection !== null && canReadFinding(actor, { responsibleUnit: c.unit ?? '' }, inspection);
        }
        case 'evaluation':
          return mayReadEvaluation(actor, { evaluatorUnit: c.evaluatorUnit ?? '' });
        case 'urging': {
          const urging = getUrging(this.db('urgings'), id, now);
          return urging !== null && canReadUrging(actor, urging);
        }
        case 'instruction': {
          const instruction = getInstruction(this.db('instructions'), id, now);
          return instruction !== null && canReadInstruction(actor, instruction);
        }
        default:
          return false;
      }
    });
  }

  /**
   * `{ attachments }` for a command's data: the ids a request names, each looked up for the
   * decider to judge (`{}` when the request names none).
   */
  attachments(ids: readonly string[] | undefined): { attachments?: AttachmentCandidate[] } {
    if (ids === undefined) return {};
    return {
      attachments: ids.map((id) => {
        const record = this.record(id);
        return { id, file: record ? { file: record.file, ...this.facts(record) } : null };
      }),
    };
  }

  /**
   * Whose record a citation is: the unit its event named (a finding's, an urged task's, an
   * instruction subject's; an evaluation's evaluator), else, for a task's events, which do not
   * repeat it, the task's lead unit from the ledger.
   */
  private citation(c: FileCitationRow): FileCitation {
    const base = { stream: c.stream, revision: c.revision, ...(c.evaluatorUnit !== null ? { evaluatorUnit: c.evaluatorUnit } : {}) };
    if (c.unit !== null) return { ...base, unit: c.unit };
    const { category, id } = parseStream(c.stream);
    if (category !== 'task') return base;
    const unit = getTask(this.projections.runner('task-ledger').db, id, this.clock.now(), this.config.taskLightRule)?.leadUnit;
    return unit ? { ...base, unit } : base;
  }
}
