import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Max, Min, ValidateNested } from 'class-validator';
import { AREAS, REPORT_EVERY, TASK_LIGHTS, TASK_STATUSES, type Area, type ReportEvery, type TaskLight, type TaskStatus } from '#domain';
import { TASK_SORTS, type TaskSort } from '#read-models';
import { PageQuery } from '../http/pagination.js';
import { SearchText } from '../http/search-query.js';
import {
  Attachments,
  DueDate,
  FreeText,
  OptionalCalendarDate,
  OptionalDateTime,
  OptionalFreeText,
  OptionalText,
  Text,
} from '../http/validators.js';

/** A roadmap milestone of a new task. */
export class MilestoneDto {
  @Text(300)
  title: string;

  @DueDate()
  due: string;
}

/** An optional roadmap: at most 100 milestones, each checked as a {@link MilestoneDto}. */
function Milestones(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [MilestoneDto] }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(100),
    ValidateNested({ each: true }),
    Type(() => MilestoneDto),
  );
}

const REPORT_SINCE_DOC =
  "The day (YYYY-MM-DD in DISPLAY_TIMEZONE, not after today) from which the cycle's reports were owed, for a ledger kept " +
  'on paper before: the first period owed is the one containing it (recorded now, owed since). Absent: from the period ' +
  'in which the cycle is set.';

/** `POST /tasks`. */
export class RegisterTaskDto {
  @Text(300)
  title: string;

  @ApiProperty({ enum: AREAS })
  @IsIn(AREAS)
  area: Area;

  @Text(200, 'Special group (专项小组) responsible for the area')
  specialGroup: string;

  @Text(200, 'Lead responsible unit (责任单位)')
  leadUnit: string;

  @Text(200, 'Responsible person')
  responsible: string;

  @FreeText(4000, 'Evaluation standard (评估标准)')
  evaluationStandard: string;

  @DueDate('Timetable: the deadline')
  deadline: string;

  @Milestones()
  milestones?: MilestoneDto[];

  @OptionalText(64, 'Id of the annual key point (要点) this task carries out')
  keyPointId?: string;

  @ApiPropertyOptional({
    enum: REPORT_EVERY,
    description: 'Reporting cycle (报送周期): one progress report owed per week, month or quarter',
  })
  @IsOptional()
  @IsIn(REPORT_EVERY)
  reportEvery?: ReportEvery;

  @OptionalCalendarDate(REPORT_SINCE_DOC)
  reportSince?: string;
}

/** `POST /tasks/:id/reporting`: the reporting cycle (报送周期), or `none` to end it. */
export class SetReportingDto {
  @ApiProperty({ enum: REPORT_EVERY })
  @IsIn(REPORT_EVERY)
  every: ReportEvery;

  @OptionalCalendarDate(REPORT_SINCE_DOC)
  since?: string;
}

/** `POST /tasks/:id/documents`: an institutional document (制度性文件) the task produced. */
export class AddTaskDocumentDto {
  @Text(300)
  title: string;

  @Text(100, '文号, e.g. 长府发〔2026〕3号')
  docNumber: string;

  @Text(200, 'Issuing authority')
  issuer: string;

  @ApiProperty({ description: 'Date (YYYY-MM-DD) or date-time with offset of issue' })
  @IsString()
  @Length(1, 40)
  issuedAt: string;

  @ApiPropertyOptional({ format: 'uri' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @Length(1, 2000)
  url?: string;
}

/** `GET /tasks/summary`. */
export class TaskSummaryQuery {
  @OptionalDateTime('The ledger as it stood at this moment (overdue judged then); now when absent')
  asOf?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 2000,
    maximum: 2100,
    description: 'Only tasks whose deadline falls in this year (Beijing time)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** `POST /tasks/:id/key-point`. */
export class LinkKeyPointDto {
  @Text(64, 'Id of the key point the task carries out from now on')
  keyPointId: string;
}

/** `POST /tasks/:id/progress`. The range is the task decider's rule (`TASK.PROGRESS_OUT_OF_RANGE`). */
export class ReportProgressDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  @IsInt()
  percent: number;

  @FreeText(4000)
  note: string;

  @Attachments()
  attachments?: string[];
}

/** `POST /tasks/:id/milestones/:milestoneId/complete`. */
export class CompleteMilestoneDto {
  @OptionalFreeText(4000)
  note?: string;

  @Attachments()
  attachments?: string[];
}

/** `POST /tasks/:id/deadline`. */
export class ChangeDeadlineDto {
  @DueDate()
  deadline: string;

  @FreeText(2000)
  reason: string;
}

/** `POST /tasks/:id/submit`. */
export class SubmitTaskDto {
  @FreeText(8000, 'Evidence of completion')
  evidence: string;

  @Attachments()
  attachments?: string[];
}

/** `POST /tasks/:id/accept`. */
export class AcceptTaskDto {
  @OptionalFreeText(4000)
  comment?: string;
}

/** `POST /tasks/:id/subtasks`: area, special group and key point come from the parent. */
export class DispatchSubtaskDto {
  @Text(200, "Lead unit of the sub-task: below the dispatching department's own unit")
  leadUnit: string;

  @Text(200, 'Responsible person')
  responsible: string;

  @DueDate("Deadline (a date YYYY-MM-DD or a date-time), not after the parent's")
  deadline: string;

  @OptionalText(300, "Title; the parent's when absent")
  title?: string;

  @OptionalText(4000, "Evaluation standard; the parent's when absent")
  evaluationStandard?: string;

  @Milestones()
  milestones?: MilestoneDto[];
}

/** `POST /tasks/:id/acknowledge`. */
export class AcknowledgeTaskDto {
  @OptionalText(2000)
  note?: string;
}

/** `POST /tasks/:id/return` and `/cancel`. */
export class ReasonDto {
  @FreeText(2000)
  reason: string;
}

/** `GET /tasks`. */
export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AREAS })
  @IsOptional()
  @IsIn(AREAS)
  area?: Area;

  @OptionalText(200)
  specialGroup?: string;

  @OptionalText(200)
  leadUnit?: string;

  @OptionalText(64, 'Tasks that carry out this key point')
  keyPointId?: string;

  @OptionalText(200, 'Tasks led by this unit or any unit below it (a unit never registered: its own tasks)')
  unitTree?: string;

  @OptionalText(64, 'Sub-tasks of this task')
  parentId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: acknowledged by the lead unit; false: waiting for its acknowledgement' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  acknowledged?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: open tasks with a pending extension request (延期申请) for the office to decide; false: the others',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  pendingExtension?: boolean;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  overdue?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'Tasks with a milestone overdue now (true) or none (false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  milestoneOverdue?: boolean;

  @ApiPropertyOptional({ enum: TASK_LIGHTS, description: 'Tasks whose traffic light (三色预警) is this one now' })
  @IsOptional()
  @IsIn(TASK_LIGHTS)
  light?: TaskLight;

  @ApiPropertyOptional({ type: Boolean, description: 'Tasks whose progress report (报送) is overdue now (true) or not (false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  reportOverdue?: boolean;

  @SearchText('the title, evaluation standard, responsible person, lead unit, key point, milestones and progress notes')
  q?: string;

  @ApiPropertyOptional({
    enum: TASK_SORTS,
    description:
      'Order of the pages (not with q, which ranks): a field ascending, or with - descending; ties by id, and the cursor ' +
      'keeps the order. ' +
      'light: red, yellow, green, then tasks without a light (judged at the moment asked). Registration order when absent',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;

  @OptionalDateTime(
    'The ledger as it stood at this moment (not with q): the tasks registered by then, and their area, group, unit, status, progress, ' +
      'overdue and light as they were then, filtered and sorted on those (the other fields are the task now); now when absent',
  )
  asOf?: string;
}
