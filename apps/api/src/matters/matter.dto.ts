import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { MATTER_MODES, MATTER_STATUSES, MAX_SIGNERS, SIGN_DECISIONS, type MatterMode, type MatterStatus, type SignDecision } from '#domain';
import { PageQuery } from '../http/pagination.js';
import { SearchText } from '../http/search-query.js';
import { FreeText, IsNotBlank, OptionalDueDate, Text } from '../http/validators.js';

const USER_ID_MAX = 200;

/**
 * `POST /matters`. Only the request's shape is checked here; how many signers, that they are
 * distinct, and which quorum fits which mode are the matter decider's rules and codes.
 */
export class SubmitMatterDto {
  @Text(300)
  title: string;

  @FreeText(20000, 'What is reported for countersign')
  body: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_SIGNERS,
    uniqueItems: true,
    description: 'User ids, in signing order for sequential',
  })
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(USER_ID_MAX, { each: true })
  signers: string[];

  @ApiProperty({ enum: MATTER_MODES, description: 'all 会签, any 或签, sequential 依次审批, quorum (at least N approvals)' })
  @IsIn(MATTER_MODES)
  mode: MatterMode;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_SIGNERS,
    description: 'Approvals needed; with mode quorum only, and then required',
  })
  @ValidateIf((o: SubmitMatterDto) => o.quorum !== undefined)
  @IsInt()
  quorum?: number;

  @OptionalDueDate('Expiry; must be in the future (a date: the end of that day)')
  deadline?: string;
}

/** `POST /matters/:id/sign`. That a rejection needs a comment is the decider's rule (`MATTER.COMMENT_REQUIRED`). */
export class SignMatterDto {
  @ApiProperty({ enum: SIGN_DECISIONS })
  @IsIn(SIGN_DECISIONS)
  decision: SignDecision;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required to reject' })
  @ValidateIf((o: SignMatterDto) => o.comment !== undefined)
  @IsString()
  @IsNotBlank()
  @MaxLength(4000)
  comment?: string;
}

/** `POST /matters/:id/signers` (加签). */
export class AddSignerDto {
  @Text(USER_ID_MAX, 'The signer appended last')
  userId: string;
}

/** `POST /matters/:id/delegate` (转交). */
export class DelegateSignatureDto {
  @Text(USER_ID_MAX, 'Who takes the caller’s place and turn')
  to: string;

  @FreeText(2000)
  reason: string;
}

/** `POST /matters/:id/recall` (撤回). */
export class RecallMatterDto {
  @FreeText(2000)
  reason: string;
}

/** `GET /matters`. */
export class ListMattersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['me'], description: 'Only matters where the caller is a pending signer, oldest deadline first' })
  @IsOptional()
  @IsIn(['me'])
  awaiting?: 'me';

  @ApiPropertyOptional({ enum: MATTER_STATUSES })
  @IsOptional()
  @IsIn(MATTER_STATUSES)
  status?: MatterStatus;

  @ApiPropertyOptional({ enum: ['me'], description: 'Only matters the caller submitted' })
  @IsOptional()
  @IsIn(['me'])
  submittedBy?: 'me';

  @SearchText('the title and body')
  q?: string;
}
