import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  evaluationStream,
  mayReadEvaluation,
  readableEvaluatorUnit,
  type Decider,
  type EvaluationCommand,
  type EvaluationEvent,
  type EvaluationState,
} from '#domain';
import { getEvaluation, listEvaluations, type EvaluationView } from '#read-models';
import { ProjectionsService } from '#platform';
import { EVALUATION_DECIDER } from './evaluation-decider.provider.js';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import {
  AcceptEvaluationDto,
  AssessmentReasonDto,
  CommissionEvaluationDto,
  ListEvaluationsQuery,
  ReportEvaluationDto,
} from './assessment.dto.js';
import { FileCatalogue } from '../files/file-catalogue.js';
import { ApiAnswer, ApiPage, ApiProblems } from '../http/openapi/api-answer.decorators.js';

/**
 * Third-party evaluations (第三方评估). Evaluators see and report only the evaluations
 * commissioned from their organisation (their JWT `unit`); that rule is the domain's.
 */
@ApiTags('assessment')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    /** Reads due dates in this deployment's time zone (`DISPLAY_TIMEZONE`). */
    @Inject(EVALUATION_DECIDER) private readonly decider: Decider<EvaluationCommand, EvaluationEvent, EvaluationState>,
    /** Looks attachments up for the decider (`attachments: [fileId]`). */
    private readonly files: FileCatalogue,
  ) {}

  private get db() {
    return this.projections.runner('evaluations').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Commission a third-party evaluation of a task, a unit or a special group' })
  @ApiAnswer('EvaluationView')
  async commission(@Body() dto: CommissionEvaluationDto, @Ctx() ctx: RequestContext): Promise<EvaluationView> {
    const evaluationId = ctx.newId('evaluation');
    const data = {
      evaluationId,
      subject: { kind: dto.subject.kind, id: dto.subject.id },
      year: dto.year,
      evaluatorUnit: dto.evaluatorUnit,
      due: dto.due,
    };
    await this.bus.execute(ctx.decide(evaluationStream(evaluationId), this.decider, { type: 'CommissionEvaluation', data }));
    return this.get(evaluationId, ctx);
  }

  @Get()
  @ApiOperation({ summary: 'Evaluations, oldest first; an evaluator sees those commissioned from its organisation' })
  @ApiPage('EvaluationView')
  // An evaluator asking for another organisation's evaluations.
  @ApiProblems(403)
  list(@Query() query: ListEvaluationsQuery, @Ctx() ctx: RequestContext): Page<EvaluationView> {
    const only = readableEvaluatorUnit(ctx.actor);
    if (only !== null && query.evaluatorUnit !== undefined && query.evaluatorUnit !== only) {
      throw new CodedHttpError(403, 'EVALUATION.NOT_EVALUATOR_UNIT');
    }
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const evaluatorUnit = only ?? query.evaluatorUnit;
    const rows = listEvaluations(this.db, {
      ...(query.year !== undefined ? { year: query.year } : {}),
      ...(query.subjectKind ? { subjectKind: query.subjectKind } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      ...(evaluatorUnit !== undefined ? { evaluatorUnit } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit,
      after,
    });
    return paginate(
      rows,
      limit,
      (e) => [e.createdAt, e.id],
      (e) => e,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One evaluation with its reports and returns' })
  @ApiAnswer('EvaluationView')
  // An evaluator reading another organisation's evaluation.
  @ApiProblems(403)
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): EvaluationView {
    const evaluation = found(getEvaluation(this.db, id), 'EVALUATION.NOT_FOUND', { evaluationId: id });
    if (!mayReadEvaluation(ctx.actor, evaluation)) {
      throw new CodedHttpError(403, 'EVALUATION.NOT_EVALUATOR_UNIT', { evaluationId: id });
    }
    return evaluation;
  }

  @Post(':id/report')
  @HttpCode(200)
  @ApiOperation({ summary: "The evaluator's report: rating, optional score, summary and report reference" })
  @ApiAnswer('EvaluationView')
  async report(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: ReportEvaluationDto,
    @Ctx() ctx: RequestContext,
  ): Promise<EvaluationView> {
    const data = {
      evaluationId: id,
      rating: dto.rating,
      summary: dto.summary,
      reportRef: dto.reportRef,
      ...(dto.score !== undefined ? { score: dto.score } : {}),
      ...this.files.attachments(dto.attachments),
    };
    await this.bus.execute(ctx.decide(evaluationStream(id), this.decider, { type: 'ReportEvaluation', data }));
    return this.get(id, ctx);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the report: it counts in the assessment from now on' })
  @ApiAnswer('EvaluationView')
  async accept(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AcceptEvaluationDto,
    @Ctx() ctx: RequestContext,
  ): Promise<EvaluationView> {
    const data = { evaluationId: id, ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
    await this.bus.execute(ctx.decide(evaluationStream(id), this.decider, { type: 'AcceptEvaluation', data }));
    return this.get(id, ctx);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return the report; the evaluator reports again' })
  @ApiAnswer('EvaluationView')
  async return(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AssessmentReasonDto,
    @Ctx() ctx: RequestContext,
  ): Promise<EvaluationView> {
    await this.bus.execute(
      ctx.decide(evaluationStream(id), this.decider, { type: 'ReturnEvaluation', data: { evaluationId: id, reason: dto.reason } }),
    );
    return this.get(id, ctx);
  }
}
