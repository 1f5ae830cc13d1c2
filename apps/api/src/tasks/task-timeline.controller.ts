import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { canReadTask, instructionStream, taskStream, urgingStream } from '#domain';
import { StreamNotFound, type EventStore } from '#event-store';
import { getTask } from '#read-models';
import { AppConfig, Clock, EVENT_STORE, ProjectionsService } from '#platform';
import { ledgerScopeOf } from '../access/ledger-scope.js';
import { readable } from '../http/found.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { instructionsOf, urgingsOf } from '../supervision/subject-supervision.js';

/** `GET /tasks/:id/timeline`. */
export class TaskTimelineQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'First revision to answer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  fromRevision?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Who did it, from the event's audit metadata. */
export class TimelineActor {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: [String] })
  roles: string[];

  @ApiPropertyOptional()
  unit?: string;
}

/** One thing that happened to the task. */
export class TimelineEntry {
  @ApiProperty({ description: 'Place in the task’s stream (task-<id>), 0 first' })
  revision: number;

  @ApiProperty()
  eventId: string;

  @ApiProperty({ example: 'TaskProgressReported' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: TimelineActor })
  actor: TimelineActor;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event’s data, as recorded' })
  data: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'The stream of an event that is not the task’s own: an urging notice’s or a leader’s instruction’s on the task ' +
      '(`revision` is its place there)',
  })
  stream?: string;
}

export class TaskTimeline {
  @ApiProperty()
  taskId: string;

  @ApiProperty({ type: [TimelineEntry] })
  items: TimelineEntry[];

  @ApiProperty({ type: 'integer', nullable: true, description: 'The revision to ask from for more, or null' })
  nextFromRevision: number | null;
}

/**
 * A task's timeline (办理过程): the events of its stream with who and when, for whoever may read
 * the task. The audit routes answer the same events with their hashes, to admins only.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskTimelineController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get(':id/timeline')
  @ApiOperation({ summary: 'What happened to the task, oldest first: each event of its stream with who, when and what' })
  @ApiOkResponse({ type: TaskTimeline })
  async timeline(
    @Param('id', ResourceIdPipe) id: string,
    @Query() q: TaskTimelineQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskTimeline> {
    // Readable only where the task is: 404 for a task the caller may not read (canReadTask), as GET /tasks/:id.
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    readable(
      getTask(this.projections.runner('task-ledger').db, id, this.clock.now(), this.config.taskLightRule),
      (t) => canReadTask(scope, t),
      'TASK.NOT_FOUND',
      { taskId: id },
    );
    const limit = q.limit ?? 200;
    const fromRevision = q.fromRevision ?? 0;
    const items: TimelineEntry[] = [];
    let next: TimelineEntry | null = null;
    for (const e of await this.entries(taskStream(id), fromRevision, limit + 1)) {
      if (items.length === limit) next = e;
      else items.push(e);
    }
    // Beside the task's own events, those of the urgings and instructions on it the reader may read,
    // in the stretch of time this page covers (from its first event, up to the next page's first).
    const from = fromRevision === 0 ? '' : (items[0]?.at ?? '\uffff');
    const until = next?.at ?? '\uffff';
    const beside: TimelineEntry[] = [];
    const streams = [
      ...urgingsOf(this.projections, id, ctx.actor).map((u) => urgingStream(u.id)),
      ...instructionsOf(this.projections, 'task', id, ctx.actor).map((i) => instructionStream(i.id)),
    ];
    for (const stream of streams) {
      for (const e of await this.entries(stream, 0)) if (e.at >= from && e.at < until) beside.push({ ...e, stream });
    }
    // Stable: at the same instant the task's own event comes first.
    const merged = [...items, ...beside].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { taskId: id, items: merged, nextFromRevision: next ? items[items.length - 1]!.revision + 1 : null };
  }

  /** The events of a stream as timeline entries, from `fromRevision`, at most `max` (none when the stream does not exist). */
  private async entries(stream: string, fromRevision: number, max?: number): Promise<TimelineEntry[]> {
    const out: TimelineEntry[] = [];
    try {
      for await (const e of this.store.readStream(stream, { fromRevision, ...(max !== undefined ? { maxCount: max } : {}) })) {
        const actor = (e.metadata['actor'] ?? { id: 'system', roles: [] }) as TimelineActor;
        const at = typeof e.metadata['occurredAt'] === 'string' ? e.metadata['occurredAt'] : e.created;
        out.push({
          revision: e.revision,
          eventId: e.id,
          type: e.type,
          at,
          actor: { id: actor.id, roles: [...actor.roles], ...(actor.unit ? { unit: actor.unit } : {}) },
          data: e.data as Record<string, unknown>,
        });
      }
    } catch (e) {
      if (!(e instanceof StreamNotFound)) throw e;
    }
    return out;
  }
}
