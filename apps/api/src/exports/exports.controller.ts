import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { allRectifications, allTasks, instructionsOnTasks, keyPointTitle, specialGroupNames, urgingsByTask } from '#read-models';
import { AppConfig, Clock, ProjectionsService } from '#platform';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ScoreboardExportQuery } from '../assessment/scoreboard.dto.js';
import { ScoreboardService } from '../assessment/scoreboard.service.js';
import { rectificationExport, scoreboardExport, taskExport, type TaskExportNames } from './export-columns.js';
import { ExportRectificationsQuery, ExportTasksQuery } from './exports.dto.js';
import { attachment, EXPORT_CONTENT_TYPES, exportTable, type ExportFormat, type ExportTable } from './table-export.js';
import { ledgerScopeOf } from '../access/ledger-scope.js';
import { ApiAnswerText } from '../http/openapi/api-answer.decorators.js';

/**
 * Downloads for the people who work in spreadsheets every month: the task ledger, the
 * rectification ledger and the scoreboard, with the lists' own filters, streamed as they are
 * read (xlsx by default, or CSV in UTF-8 with a BOM), with Chinese column headings.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly scoreboard: ScoreboardService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('tasks/export')
  @ApiOperation({ summary: 'The task ledger the caller may read, for the filters of GET /tasks, as xlsx or CSV' })
  @ApiProduces(EXPORT_CONTENT_TYPES.xlsx, EXPORT_CONTENT_TYPES.csv)
  @ApiAnswerText([EXPORT_CONTENT_TYPES.xlsx, EXPORT_CONTENT_TYPES.csv], { binary: true })
  tasks(@Query() query: ExportTasksQuery, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply): void {
    const { format = 'xlsx', ...filter } = query;
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    const rows = allTasks(this.projections.runner('task-ledger').db, { ...filter, scope }, this.clock.now(), this.config.taskLightRule);
    this.send(reply, taskExport(this.config.DISPLAY_TIMEZONE, this.taskNames(ctx)), format, rows, '改革任务台账', 'tasks');
  }

  /**
   * Group names read once per export (a few dozen); key point titles read when a task lacks its own, once each; the
   * instructions and urgings on tasks the reader may read, once per export.
   */
  private taskNames(ctx: RequestContext): TaskExportNames {
    const instructions = instructionsOnTasks(this.projections.runner('instructions').db, ctx.actor);
    const urgings = urgingsByTask(this.projections.runner('urgings').db, ctx.actor);
    const groups = specialGroupNames(this.projections.runner('special-groups').db);
    const plans = this.projections.runner('plans').db;
    const titles = new Map<string, string | null>();
    return {
      specialGroup: (code) => groups.get(code) ?? null,
      keyPoint: (id) => {
        if (!titles.has(id)) titles.set(id, keyPointTitle(plans, id));
        return titles.get(id)!;
      },
      instructions: (taskId) => instructions.get(taskId) ?? [],
      urgings: (taskId) => urgings.get(taskId) ?? [],
    };
  }

  @Get('rectifications/export')
  @ApiOperation({ summary: 'The rectification ledger the caller may read, for the filters of GET /rectifications, as xlsx or CSV' })
  @ApiProduces(EXPORT_CONTENT_TYPES.xlsx, EXPORT_CONTENT_TYPES.csv)
  @ApiAnswerText([EXPORT_CONTENT_TYPES.xlsx, EXPORT_CONTENT_TYPES.csv], { binary: true })
  rectifications(@Query() query: ExportRectificationsQuery, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply): void {
    const { format = 'xlsx', ...filter } = query;
    const rows = allRectifications(this.projections.runner('rectification-ledger').db, { ...filter, reader: ctx.actor }, this.clock.now());
    this.send(reply, rectificationExport(this.config.DISPLAY_TIMEZONE), format, rows, '整改台账', 'rectifications');
  }

  @Get('scoreboard/export')
  @ApiOperation({ summary: 'The scoreboard of a year (as of now or asOf), as xlsx or CSV' })
  @ApiProduces(EXPORT_CONTENT_TYPES.xlsx, EXPORT_CONTENT_TYPES.csv)
  @ApiAnswerText([EXPORT_CONTENT_TYPES.xlsx, EXPORT_CONTENT_TYPES.csv], { binary: true })
  scores(@Query() query: ScoreboardExportQuery, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply): void {
    const board = this.scoreboard.board(query.year, query.asOf, ctx.metadata.now);
    const format = query.format ?? 'xlsx';
    this.send(
      reply,
      scoreboardExport(board.rulesVersion, board.asOf, this.config.DISPLAY_TIMEZONE),
      format,
      board.units,
      `${board.year}年度考核得分`,
      `scoreboard-${board.year}`,
    );
  }

  private send<Row>(
    reply: FastifyReply,
    table: ExportTable<Row>,
    format: ExportFormat,
    rows: Iterable<Row>,
    name: string,
    asciiName: string,
  ): void {
    void reply
      .header('content-type', EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', attachment(name, asciiName, format))
      .header('cache-control', 'no-store')
      .send(exportTable(table, format, rows));
  }
}
