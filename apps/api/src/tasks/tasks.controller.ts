import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  calendarYearSpan,
  canReadSpecialGroup,
  canReadTask,
  instantMs,
  taskReporting,
  taskStream,
  type Decider,
  type TaskCommand,
  type TaskEvent,
  type TaskState,
} from '#domain';
import {
  CommandFacts,
  getTask,
  keyPointTitle,
  listTasksBytes,
  registeredSpecialGroupCodes,
  specialGroupsInLedger,
  summarizeTasksInSteps,
  unitSubtree,
  taskChildren,
  type TaskSort,
} from '#read-models';
import { AppConfig, Clock, ProcessManagers, ProjectionsService } from '#platform';
import { instructionsOf, openSupervision, urgingsOf } from '../supervision/subject-supervision.js';
import type { TaskDetail, TaskSummaryAnswer } from './task.responses.js';
import { TASK_DECIDER } from './task-decider.provider.js';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { readable } from '../http/found.js';
import { ledgerScopeOf } from '../access/ledger-scope.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { encodeCursor, pageBytes } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ValidationProblem } from '../http/problem.filter.js';
import { decodeListCursor, isSearch } from '../http/search-query.js';
import {
  AcceptTaskDto,
  ChangeDeadlineDto,
  AddTaskDocumentDto,
  CompleteMilestoneDto,
  LinkKeyPointDto,
  ListTasksQuery,
  ReasonDto,
  RegisterTaskDto,
  ReportProgressDto,
  DispatchSubtaskDto,
  AcknowledgeTaskDto,
  SubmitTaskDto,
  SetReportingDto,
  TaskSummaryQuery,
} from './task.dto.js';
import { FileCatalogue } from '../files/file-catalogue.js';
import { numberNewTask } from './ledger-number.js';
import { ApiAnswer, ApiRenderedPage } from '../http/openapi/api-answer.decorators.js';

/**
 * The cursor of a `GET /tasks` page: `[createdAt, id]` unsorted, `[sort, key, id]` sorted (the
 * key a number), a search's own with `q`. A cursor of another order: 400.
 */
function decodeTaskCursor(cursor: string | undefined, q: string | undefined, sort: TaskSort | undefined) {
  if (!sort || isSearch(q)) return decodeListCursor<[string, string]>(cursor, q, 2, (k) => k.every((x) => typeof x === 'string'));
  const { after } = decodeListCursor<[TaskSort, number, string]>(
    cursor,
    q,
    3,
    (k) => k[0] === sort && Number.isFinite(k[1]) && typeof k[2] === 'string',
  );
  return { after: after ? ([after[1], after[2]] as [number, string]) : null, searchAfter: null };
}

/** The reform task ledger (改革任务台账). Ownership (department of the lead unit) is the decider's rule. */
@ApiTags('tasks')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    /** Reads due dates in this deployment's time zone (`DISPLAY_TIMEZONE`). */
    @Inject(TASK_DECIDER) private readonly decider: Decider<TaskCommand, TaskEvent, TaskState>,
    /** Looks attachments up for the decider (`attachments: [fileId]`). */
    private readonly files: FileCatalogue,
    /** The flows a cancellation or a dispatch starts, which their answers wait for. */
    private readonly flows: ProcessManagers,
    /** What a command is told of other aggregates (special groups, units, sub-tasks). */
    private readonly facts: CommandFacts,
  ) {}

  private get db() {
    return this.projections.runner('task-ledger').db;
  }

  private get groups() {
    return this.projections.runner('special-groups').db;
  }

  private get units() {
    return this.projections.runner('units').db;
  }

  private get plans() {
    return this.projections.runner('plans').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a reform task with its roadmap, timetable, standard and owner' })
  @ApiAnswer('TaskDetail')
  async register(@Body() dto: RegisterTaskDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    const taskId = ctx.newId('task');
    const data = {
      taskId,
      title: dto.title,
      area: dto.area,
      specialGroup: dto.specialGroup,
      specialGroupRegistered: await this.facts.specialGroupRegistered(dto.specialGroup),
      leadUnit: dto.leadUnit,
      responsible: dto.responsible,
      evaluationStandard: dto.evaluationStandard,
      deadline: dto.deadline,
      milestones: (dto.milestones ?? []).map((m) => ({ milestoneId: ctx.newId('milestone'), title: m.title, due: m.due })),
      ...(dto.keyPointId !== undefined ? { keyPointId: dto.keyPointId, keyPointTitle: keyPointTitle(this.plans, dto.keyPointId) } : {}),
      ...(dto.reportEvery !== undefined ? { reportEvery: dto.reportEvery } : {}),
      ...(dto.reportSince !== undefined ? { reportSince: dto.reportSince } : {}),
    };
    // Refused before a number is taken: a number given to a task that is then refused would be a gap.
    this.decider.decide({ type: 'RegisterTask', data, metadata: ctx.metadata }, this.decider.initialState());
    const number = await numberNewTask(this.bus, this.projections, this.config, ctx, taskId);
    await this.bus.execute(ctx.decide(taskStream(taskId), this.decider, { type: 'RegisterTask', data: { ...data, number } }));
    return this.get(taskId, ctx);
  }

  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary:
      'The ledger, filtered, oldest first or in the order of sort (with q: ranked, each item with matchedIn); overdue, ' +
      'milestones’ overdue ' +
      'and the light are judged at the current time, or at asOf on the ledger as it stood then',
  })
  @ApiRenderedPage('TaskLedgerItem')
  list(@Query() query: ListTasksQuery, @Ctx() ctx: RequestContext): Buffer {
    const limit = query.limit ?? 50;
    const { unitTree, asOf, sort, cursor, ...filter } = query;
    // Ranked text search has its own order, over the ledger now.
    if (isSearch(query.q)) {
      const clashes = (['sort', 'asOf'] as const).filter((k) => query[k] !== undefined);
      if (clashes.length) throw new ValidationProblem(clashes.map((path) => ({ path, rule: 'notWithSearch' })));
    }
    const { after, searchAfter } = decodeTaskCursor(cursor, query.q, sort);
    // The page is `Page<TaskLedgerItem>` rendered by SQLite: the documents are sent as the bytes
    // it wrote, never parsed, re-serialised or re-encoded here (the list's dominant cost).
    const leadUnits = unitTree !== undefined ? { leadUnits: unitSubtree(this.units, unitTree) } : {};
    const at = asOf !== undefined ? instantMs(asOf) : this.clock.now();
    const page = listTasksBytes(
      this.db,
      {
        ...filter,
        ...leadUnits,
        ...(sort ? { sort } : {}),
        asOf: asOf !== undefined,
        limit,
        after,
        searchAfter,
        scope: ledgerScopeOf(this.projections, ctx.actor),
      },
      at,
      this.config.taskLightRule,
    );
    // A sorted page's cursor names its sort, so a cursor of another order is refused, not misread.
    const key = page.nextKey && sort && !isSearch(query.q) ? [sort, ...page.nextKey] : page.nextKey;
    const nextCursor = key ? JSON.stringify(encodeCursor(key)) : 'null';
    return pageBytes(page.items, nextCursor);
  }

  @Get('summary')
  @ApiOperation({
    summary:
      'Counts by status, area, special group and unit (total, accepted, overdue), by light, and documents, now or as of a past moment',
  })
  @ApiAnswer('TaskSummaryAnswer')
  async summary(@Query() query: TaskSummaryQuery, @Ctx() ctx: RequestContext): Promise<TaskSummaryAnswer> {
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    // Tasks recorded before groups were records may name codes nobody registered: the office
    // sees them here until it registers those groups (nothing else needs migrating).
    const registered = registeredSpecialGroupCodes(this.groups);
    const unregisteredSpecialGroups = specialGroupsInLedger(this.db).filter(
      (code) => !registered.has(code) && canReadSpecialGroup(scope, code),
    );
    const summary = await summarizeTasksInSteps(
      this.db,
      query.asOf !== undefined ? instantMs(query.asOf) : this.clock.now(),
      this.config.taskLightRule,
      {
        asOf: query.asOf !== undefined,
        scope,
        ...(query.year !== undefined ? { deadlineSpan: calendarYearSpan(query.year, this.config.DISPLAY_TIMEZONE) } : {}),
      },
    );
    const { byUnit: supervisionByUnit, ...open } = openSupervision(this.projections, ctx.actor);
    return { ...summary, unregisteredSpecialGroups, ...open, supervisionByUnit };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task, with the roll-up of its sub-tasks (children), the instructions on it and its urging notices' })
  @ApiAnswer('TaskDetail')
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): TaskDetail {
    const now = this.clock.now();
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    const task = readable(getTask(this.db, id, now, this.config.taskLightRule), (t) => canReadTask(scope, t), 'TASK.NOT_FOUND', {
      taskId: id,
    });
    return {
      ...task,
      reporting: taskReporting(task, now, this.config.DISPLAY_TIMEZONE),
      children: taskChildren(this.db, [id], now).get(id)!,
      instructions: instructionsOf(this.projections, 'task', id, ctx.actor),
      urgings: urgingsOf(this.projections, id, ctx.actor),
    };
  }

  @Post(':id/key-point')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link the task to a key point, or move it to another one' })
  @ApiAnswer('TaskDetail')
  async keyPoint(@Param('id', ResourceIdPipe) id: string, @Body() dto: LinkKeyPointDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    const data = { taskId: id, keyPointId: dto.keyPointId, keyPointTitle: keyPointTitle(this.plans, dto.keyPointId) };
    await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'LinkTaskToKeyPoint', data }));
    return this.get(id, ctx);
  }

  @Post(':id/documents')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an institutional document (制度性文件) the task produced; answers the task' })
  @ApiAnswer('TaskDetail')
  async document(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AddTaskDocumentDto,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskDetail> {
    const document = {
      title: dto.title,
      docNumber: dto.docNumber,
      issuer: dto.issuer,
      issuedAt: dto.issuedAt,
      ...(dto.url !== undefined ? { url: dto.url } : {}),
    };
    await this.bus.execute(
      ctx.decide(taskStream(id), this.decider, {
        type: 'AddTaskDocument',
        data: { taskId: id, documentId: ctx.newId('document'), document },
      }),
    );
    return this.get(id, ctx);
  }

  @Post(':id/progress')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async progress(@Param('id', ResourceIdPipe) id: string, @Body() dto: ReportProgressDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    await this.bus.execute(
      ctx.decide(taskStream(id), this.decider, {
        type: 'ReportProgress',
        data: { taskId: id, percent: dto.percent, note: dto.note, ...this.files.attachments(dto.attachments) },
      }),
    );
    return this.get(id, ctx);
  }

  @Post(':id/milestones/:milestoneId/complete')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async completeMilestone(
    @Param('id', ResourceIdPipe) id: string,
    @Param('milestoneId', ResourceIdPipe) milestoneId: string,
    @Body() dto: CompleteMilestoneDto,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskDetail> {
    const data = {
      taskId: id,
      milestoneId,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
      ...this.files.attachments(dto.attachments),
    };
    await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'CompleteMilestone', data }));
    return this.get(id, ctx);
  }

  @Post(':id/deadline')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async deadline(@Param('id', ResourceIdPipe) id: string, @Body() dto: ChangeDeadlineDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    await this.bus.execute(
      ctx.decide(taskStream(id), this.decider, {
        type: 'ChangeTaskDeadline',
        data: { taskId: id, deadline: dto.deadline, reason: dto.reason },
      }),
    );
    return this.get(id, ctx);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async submit(@Param('id', ResourceIdPipe) id: string, @Body() dto: SubmitTaskDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    await this.bus.execute(
      ctx.decide(taskStream(id), this.decider, {
        type: 'SubmitTaskCompletion',
        data: { taskId: id, evidence: dto.evidence, ...this.files.attachments(dto.attachments) },
      }),
    );
    return this.get(id, ctx);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async accept(@Param('id', ResourceIdPipe) id: string, @Body() dto: AcceptTaskDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    const data = {
      taskId: id,
      closedSubtasks: await this.facts.closedSubtasks(id),
      ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
    };
    await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'AcceptTask', data }));
    return this.get(id, ctx);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async return(@Param('id', ResourceIdPipe) id: string, @Body() dto: ReasonDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'ReturnTask', data: { taskId: id, reason: dto.reason } }));
    return this.get(id, ctx);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiAnswer('TaskDetail')
  async cancel(@Param('id', ResourceIdPipe) id: string, @Body() dto: ReasonDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    const outcome = await this.bus.execute(
      ctx.decide(taskStream(id), this.decider, { type: 'CancelTask', data: { taskId: id, reason: dto.reason } }),
    );
    // Its open sub-tasks are cancelled with it by the task flows (libs/read-models): the answer waits for them.
    await this.flows.settled(outcome);
    return this.get(id, ctx);
  }

  @Post(':id/subtasks')
  @HttpCode(201)
  @ApiOperation({ summary: 'Dispatch a sub-task (多级任务下发) to a unit below the dispatcher; answers the child task' })
  @ApiAnswer('TaskDetail')
  async subtask(@Param('id', ResourceIdPipe) id: string, @Body() dto: DispatchSubtaskDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    const subtaskId = ctx.newId('task');
    const subtask = {
      leadUnit: dto.leadUnit,
      responsible: dto.responsible,
      deadline: dto.deadline,
      ...(dto.title !== undefined ? { title: dto.title } : {}),
      ...(dto.evaluationStandard !== undefined ? { evaluationStandard: dto.evaluationStandard } : {}),
      milestones: (dto.milestones ?? []).map((m) => ({ milestoneId: ctx.newId('milestone'), title: m.title, due: m.due })),
    };
    const outcome = await this.bus.execute(
      ctx.decide(taskStream(id), this.decider, {
        type: 'DispatchSubtask',
        data: { taskId: id, subtaskId, subtask, leadUnitAncestors: await this.facts.unitAncestors(dto.leadUnit) },
      }),
    );
    // The child is registered on its own stream by the task flows (libs/read-models), from what the parent recorded.
    await this.flows.settled(outcome);
    return this.get(subtaskId, ctx);
  }

  @Post(':id/reporting')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the reporting cycle (报送周期: weekly, monthly, quarterly), or end it (none)' })
  @ApiAnswer('TaskDetail')
  async reporting(@Param('id', ResourceIdPipe) id: string, @Body() dto: SetReportingDto, @Ctx() ctx: RequestContext): Promise<TaskDetail> {
    const data = { taskId: id, every: dto.every, ...(dto.since !== undefined ? { since: dto.since } : {}) };
    await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'SetTaskReporting', data }));
    return this.get(id, ctx);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'The lead unit acknowledges receipt of the task (签收), once' })
  @ApiAnswer('TaskDetail')
  async acknowledge(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AcknowledgeTaskDto,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskDetail> {
    const data = { taskId: id, ...(dto.note !== undefined ? { note: dto.note } : {}) };
    await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'AcknowledgeTask', data }));
    return this.get(id, ctx);
  }
}
