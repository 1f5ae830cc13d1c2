import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  EVALUATION_RATINGS,
  EVALUATION_STATUSES,
  EVALUATION_SUBJECT_KINDS,
  EXEMPLAR_LEVELS,
  EXEMPLAR_STATUSES,
  RECOGNITION_LEVELS,
  type EvaluationRating,
  type EvaluationStatus,
  type EvaluationSubjectKind,
  type ExemplarLevel,
  type ExemplarStatus,
  type RecognitionLevel,
} from '#domain';
import { PageQuery } from '../http/pagination.js';
import { Attachments, DateTime, DueDate, FreeText, OptionalFreeText, OptionalText, Text } from '../http/validators.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A whole year in a body (2000–2100). */
function Year(description: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ minimum: 2000, maximum: 2100, description }), IsInt(), Min(2000), Max(2100));
}

/** A whole year in a query string. */
function OptionalYearQuery(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 2000, maximum: 2100 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(2000),
    Max(2100),
  );
}

/** What an evaluation assesses. */
export class EvaluationSubjectDto {
  @ApiProperty({ enum: EVALUATION_SUBJECT_KINDS })
  @IsIn(EVALUATION_SUBJECT_KINDS)
  kind: EvaluationSubjectKind;

  @Text(200, 'Task id, unit code or special group code')
  id: string;
}

/** `POST /evaluations`. */
export class CommissionEvaluationDto {
  @ApiProperty({ type: EvaluationSubjectDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvaluationSubjectDto)
  subject: EvaluationSubjectDto;

  @Year('Assessment year the evaluation counts for')
  year: number;

  @Text(200, 'Evaluation organisation (第三方评估机构): the JWT unit of its evaluators')
  evaluatorUnit: string;

  @DueDate('When the report is due')
  due: string;
}

/** `POST /evaluations/:id/report`. */
export class ReportEvaluationDto {
  @ApiProperty({ enum: EVALUATION_RATINGS })
  @IsIn(EVALUATION_RATINGS)
  rating: EvaluationRating;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score?: number;

  @FreeText(8000)
  summary: string;

  @Text(300, 'Reference of the full report (document number or archive link)')
  reportRef: string;

  @Attachments()
  attachments?: string[];
}

/** `POST /evaluations/:id/accept`. */
export class AcceptEvaluationDto {
  @OptionalFreeText(4000)
  comment?: string;
}

/** `POST /evaluations/:id/return`, `POST /exemplars/:id/reject`. */
export class AssessmentReasonDto {
  @FreeText(2000)
  reason: string;
}

/** `GET /evaluations`. */
export class ListEvaluationsQuery extends PageQuery {
  @OptionalYearQuery()
  year?: number;

  @ApiPropertyOptional({ enum: EVALUATION_SUBJECT_KINDS })
  @IsOptional()
  @IsIn(EVALUATION_SUBJECT_KINDS)
  subjectKind?: EvaluationSubjectKind;

  @OptionalText(200)
  subjectId?: string;

  @OptionalText(200)
  evaluatorUnit?: string;

  @ApiPropertyOptional({ enum: EVALUATION_STATUSES })
  @IsOptional()
  @IsIn(EVALUATION_STATUSES)
  status?: EvaluationStatus;
}

/** `POST /exemplars`. */
export class NominateExemplarDto {
  @Text(300)
  title: string;

  @Text(200, 'The unit whose reform it is')
  unit: string;

  @Year('Assessment year the exemplar counts for')
  year: number;

  @FreeText(8000)
  summary: string;

  @ApiPropertyOptional({ type: [String], description: 'Ledger tasks the exemplar grew from' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(ID, { each: true })
  taskIds?: string[];
}

/** `POST /exemplars/:id/select`. */
export class SelectExemplarDto {
  @ApiProperty({ enum: ['city'] })
  @IsIn(['city'])
  level: 'city';

  @OptionalFreeText(4000)
  comment?: string;
}

/** `POST /exemplars/:id/recognize`. */
export class RecognizeExemplarDto {
  @ApiProperty({ enum: RECOGNITION_LEVELS })
  @IsIn(RECOGNITION_LEVELS)
  level: RecognitionLevel;

  @Text(200, 'Who recognised it, e.g. 省委深改委, 国务院办公厅')
  by: string;

  @Text(200, 'Document reference (文号)')
  reference: string;

  @DateTime('When it was recognised (may be in the past)')
  at: string;
}

/** `GET /exemplars`. */
export class ListExemplarsQuery extends PageQuery {
  @OptionalYearQuery()
  year?: number;

  @OptionalText(200)
  unit?: string;

  @ApiPropertyOptional({ enum: EXEMPLAR_STATUSES })
  @IsOptional()
  @IsIn(EXEMPLAR_STATUSES)
  status?: ExemplarStatus;

  @ApiPropertyOptional({ enum: EXEMPLAR_LEVELS })
  @IsOptional()
  @IsIn(EXEMPLAR_LEVELS)
  level?: ExemplarLevel;
}
