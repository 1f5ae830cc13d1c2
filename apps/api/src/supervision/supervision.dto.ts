import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import {
  INSTRUCTION_STATUSES,
  INSTRUCTION_SUBJECT_KINDS,
  URGING_STATUSES,
  type InstructionStatus,
  type InstructionSubjectKind,
  type UrgingStatus,
} from '#domain';
import { PageQuery } from '../http/pagination.js';
import { Attachments, FreeText, OptionalDueDate, OptionalFreeText, OptionalText, Text } from '../http/validators.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `POST /tasks/:id/urgings`. */
export class IssueUrgingDto {
  @OptionalFreeText(4000, 'What the office urges (催办内容)')
  text?: string;

  @OptionalDueDate('By when the lead unit must reply: a date (the end of that day in DISPLAY_TIMEZONE) or a date-time with offset')
  replyBy?: string;
}

/** `POST /urgings/:id/reply`. */
export class ReplyToUrgingDto {
  @FreeText(4000, 'The lead unit’s answer')
  text: string;

  @Attachments()
  attachments?: string[];
}

/** `GET /urgings`. */
export class ListUrgingsQuery extends PageQuery {
  @OptionalText(64, 'Only notices on this task')
  taskId?: string;

  @OptionalText(64, 'Only notices to this lead unit')
  unit?: string;

  @ApiPropertyOptional({ description: 'Only notices numbered in this calendar year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: URGING_STATUSES })
  @IsOptional()
  @IsIn(URGING_STATUSES)
  status?: UrgingStatus;

  @ApiPropertyOptional({ type: Boolean, description: 'Notices whose reply date has passed without a reply (true) or not (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false])
  overdue?: boolean;
}

/** The subject of an instruction. */
export class InstructionSubjectDto {
  @ApiProperty({ enum: INSTRUCTION_SUBJECT_KINDS })
  @IsIn(INSTRUCTION_SUBJECT_KINDS)
  kind: InstructionSubjectKind;

  @Text(64, 'Id of the task, matter, finding or action item')
  id: string;
}

/** `POST /instructions`. */
export class GiveInstructionDto {
  @ApiProperty({ type: InstructionSubjectDto })
  @IsObject()
  @ValidateNested()
  @Type(() => InstructionSubjectDto)
  subject: InstructionSubjectDto;

  @FreeText(4000, 'The instruction as the leader wrote it (批示内容)')
  text: string;

  @OptionalDueDate('By when the responsible unit reports how it was carried out')
  respondBy?: string;
}

/** `POST /instructions/:id/responses`. */
export class RespondToInstructionDto {
  @FreeText(4000, 'How the instruction was carried out (落实情况)')
  text: string;

  @ApiPropertyOptional({ description: 'true: this response completes it, and the instruction closes' })
  @IsOptional()
  @IsIn([true, false])
  done?: boolean;

  @Attachments()
  attachments?: string[];
}

/** `POST /instructions/:id/close`. */
export class CloseInstructionDto {
  @OptionalFreeText(2000, 'Why it is closed')
  comment?: string;
}

/** `GET /instructions`. */
export class ListInstructionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INSTRUCTION_SUBJECT_KINDS })
  @IsOptional()
  @IsIn(INSTRUCTION_SUBJECT_KINDS)
  subjectKind?: InstructionSubjectKind;

  @OptionalText(64, 'Only instructions on this subject')
  subjectId?: string;

  @OptionalText(64, 'Only instructions whose subject belongs to this unit')
  unit?: string;

  @ApiPropertyOptional({ enum: INSTRUCTION_STATUSES })
  @IsOptional()
  @IsIn(INSTRUCTION_STATUSES)
  status?: InstructionStatus;

  @ApiPropertyOptional({ type: Boolean, description: 'Instructions whose respondBy has passed without a response (true) or not (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false])
  overdue?: boolean;
}
