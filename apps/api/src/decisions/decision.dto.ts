import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import { PageQuery } from '../http/pagination.js';
import { FreeText, OptionalDateTime, OptionalText, Text } from '../http/validators.js';

/** Server-made ids: the same shape `ResourceIdPipe` accepts on paths. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `POST /decisions`. */
export class RecordDecisionDto {
  @Text(300)
  title: string;

  @FreeText(20000, 'The decision as adopted')
  content: string;

  @ApiPropertyOptional({ description: 'Joint meeting (联席会议) the decision came from' })
  @IsOptional()
  @IsString()
  @Matches(ID)
  meetingId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Ledger tasks the decision concerns; each must exist' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(ID, { each: true })
  taskIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Countersign matters the decision concerns' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(ID, { each: true })
  matterIds?: string[];

  @OptionalDateTime('When the committee decided; defaults to now, never later than now')
  decidedAt?: string;
}

/** `GET /decisions`. */
export class ListDecisionsQuery extends PageQuery {
  @OptionalText(64, 'Only decisions of this meeting')
  meetingId?: string;

  @OptionalText(64, 'Only decisions that concern this task')
  taskId?: string;
}
