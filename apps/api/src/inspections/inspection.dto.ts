import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { FINDING_STATUSES, SEVERITIES, VERIFICATION_OUTCOMES, type FindingStatus, type Severity, type VerificationOutcome } from '#domain';
import { PageQuery } from '../http/pagination.js';
import { SearchText } from '../http/search-query.js';
import { Attachments, DueDate, FreeText, OptionalDueDate, OptionalFreeText, OptionalText, Text } from '../http/validators.js';

const INSPECTION_STATUSES = ['open', 'closed'] as const;

/** `POST /inspections`. */
export class OpenInspectionDto {
  @Text(300)
  title: string;

  @Text(200, 'The unit inspected')
  targetUnit: string;

  @ApiPropertyOptional({ type: [String], description: 'Ledger tasks the inspection concerns; each must exist' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { each: true })
  taskIds?: string[];

  @OptionalFreeText(4000, 'What the inspection covers')
  scope?: string;
}

/** `POST /inspections/:id/findings`. */
export class RecordFindingDto {
  @FreeText(8000)
  description: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

  @Text(200, 'The unit that must rectify (责任单位)')
  responsibleUnit: string;

  @DueDate('When the rectification is due')
  rectificationDue: string;
}

/** `POST /inspections/:id/findings/:findingId/plan`. */
export class SubmitPlanDto {
  @FreeText(8000, 'How the unit will rectify')
  plan: string;

  @OptionalDueDate('The date the unit proposes; the binding due date stays rectificationDue')
  due?: string;

  @Attachments()
  attachments?: string[];
}

/** `POST /inspections/:id/findings/:findingId/rectifications`. */
export class RecordRectificationDto {
  @FreeText(8000, 'What was done')
  description: string;

  @ApiPropertyOptional({ type: [String], description: 'Evidence references (documents, links, file ids)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  evidence?: string[];

  @Attachments()
  attachments?: string[];
}

/** `POST /inspections/:id/findings/:findingId/verify`. */
export class VerifyRectificationDto {
  @ApiProperty({ enum: VERIFICATION_OUTCOMES })
  @IsIn(VERIFICATION_OUTCOMES)
  outcome: VerificationOutcome;

  @FreeText(4000)
  comment: string;
}

/** `POST /inspections/:id/findings/:findingId/extend`. */
export class ExtendDueDto {
  @DueDate('The new due date, later than the current one')
  due: string;

  @FreeText(2000)
  reason: string;

  @Attachments()
  attachments?: string[];
}

/** `GET /inspections`. */
export class ListInspectionsQuery extends PageQuery {
  @OptionalText(200)
  targetUnit?: string;

  @ApiPropertyOptional({ enum: INSPECTION_STATUSES })
  @IsOptional()
  @IsIn(INSPECTION_STATUSES)
  status?: (typeof INSPECTION_STATUSES)[number];
}

/** `GET /rectifications`. */
export class ListRectificationsQuery extends PageQuery {
  @OptionalText(200)
  responsibleUnit?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  overdue?: boolean;

  @SearchText('the description, rectification plans and rectification descriptions')
  q?: string;
}
