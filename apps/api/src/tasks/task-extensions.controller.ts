import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { taskStream, type Decider, type TaskCommand, type TaskEvent, type TaskExtensionRequest, type TaskState } from '#domain';
import { FileCatalogue } from '../files/file-catalogue.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { ApiAnswer } from '../http/openapi/api-answer.decorators.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ApproveExtensionDto, RejectExtensionDto, RequestExtensionDto } from './task-extension.dto.js';
import { TASK_DECIDER } from './task-decider.provider.js';

/**
 * Extension requests (延期申请) on the task's own stream: the lead unit asks, the office approves
 * (the deadline moves through the task's deadline change, citing the request) or rejects. Each
 * route answers the request as the command left it; the task answer lists them all.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks/:id/extension-requests')
export class TaskExtensionsController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(TASK_DECIDER) private readonly decider: Decider<TaskCommand, TaskEvent, TaskState>,
    /** Looks attachments up for the decider (`attachments: [fileId]`). */
    private readonly files: FileCatalogue,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'The lead unit asks for a later deadline (pending: nothing changes until the office decides; one pending request per task)',
  })
  @ApiAnswer('TaskExtensionRequest')
  async request(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: RequestExtensionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskExtensionRequest> {
    const requestId = ctx.newId('extension');
    const data = { taskId: id, requestId, deadline: dto.deadline, reason: dto.reason, ...this.files.attachments(dto.attachments) };
    return this.requestOf(
      await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'RequestTaskExtension', data })),
      requestId,
    );
  }

  @Post(':requestId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The office approves, granting the deadline asked or an earlier one; the task’s deadline moves, citing the request',
  })
  @ApiAnswer('TaskExtensionRequest')
  async approve(
    @Param('id', ResourceIdPipe) id: string,
    @Param('requestId', ResourceIdPipe) requestId: string,
    @Body() dto: ApproveExtensionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskExtensionRequest> {
    const data = {
      taskId: id,
      requestId,
      ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
      ...(dto.deadline !== undefined ? { deadline: dto.deadline } : {}),
    };
    return this.requestOf(
      await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'ApproveTaskExtension', data })),
      requestId,
    );
  }

  @Post(':requestId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office rejects, with its reason; the deadline in force stays' })
  @ApiAnswer('TaskExtensionRequest')
  async reject(
    @Param('id', ResourceIdPipe) id: string,
    @Param('requestId', ResourceIdPipe) requestId: string,
    @Body() dto: RejectExtensionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<TaskExtensionRequest> {
    const data = { taskId: id, requestId, reason: dto.reason };
    return this.requestOf(
      await this.bus.execute(ctx.decide(taskStream(id), this.decider, { type: 'RejectTaskExtension', data })),
      requestId,
    );
  }

  /** The request as the command's stream now holds it (the command answered with the folded state). */
  private requestOf(result: { state: TaskState }, requestId: string): TaskExtensionRequest {
    // The decider refused anything that would leave no such request, so it is there.
    return result.state!.extensionRequests.find((r) => r.id === requestId)!;
  }
}
