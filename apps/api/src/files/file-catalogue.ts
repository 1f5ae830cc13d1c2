import { Injectable } from '@nestjs/common';
import { canReadFile, parseStream, type AttachmentCandidate, type DomainActor, type FileCitation, type FileReadFacts } from '#domain';
import { getEvaluation, getFileRecord, getFinding, getTask, type FileRecord } from '#read-models';
import { AppConfig, Clock, ProjectionsService } from '#platform';

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
    return { uploaders: record.uploaders, citedBy: record.citedBy.map((c) => this.citation(c.stream, c.revision, c.findingId)) };
  }

  /** Whether `actor` may read the file (API.md's rule, the domain's function). */
  canRead(actor: DomainActor, record: FileRecord): boolean {
    return canReadFile(actor, this.facts(record));
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

  private citation(stream: string, revision: number, findingId: string | null): FileCitation {
    const { category, id } = parseStream(stream);
    const now = this.clock.now();
    switch (category) {
      case 'task': {
        const unit = getTask(this.db('task-ledger'), id, now, this.config.taskLightRule)?.leadUnit;
        return { stream, revision, ...(unit ? { unit } : {}) };
      }
      case 'inspection': {
        const unit = findingId ? getFinding(this.db('inspections'), id, findingId, now)?.responsibleUnit : undefined;
        return { stream, revision, ...(unit ? { unit } : {}) };
      }
      case 'evaluation': {
        const evaluatorUnit = getEvaluation(this.db('evaluations'), id)?.evaluatorUnit;
        return { stream, revision, ...(evaluatorUnit ? { evaluatorUnit } : {}) };
      }
      default:
        return { stream, revision };
    }
  }
}
