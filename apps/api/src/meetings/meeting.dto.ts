import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ITEM_STATUSES, type ItemStatus } from '#domain';
import { PageQuery } from '../http/pagination.js';
import { SearchText } from '../http/search-query.js';
import { DateTime, DueDate, FreeText, OptionalDateTime, OptionalText, Text } from '../http/validators.js';

/** `POST /meetings`. */
export class ScheduleMeetingDto {
  @Text(300)
  title: string;

  @DateTime()
  scheduledAt: string;

  @ApiPropertyOptional({ type: [String], description: 'User ids of the attendees' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  attendees?: string[];
}

/** `POST /meetings/:id/items`. */
export class AddItemDto {
  @Text(300)
  title: string;

  @Text(200, 'User id of the owner')
  owner: string;

  @Text(200, 'Responsible unit')
  ownerUnit: string;

  @DueDate()
  deadline: string;

  @OptionalText(200, 'Committee decision the item implements')
  decisionId?: string;
}

/** `POST /meetings/:id/items/:itemId/deadline`. */
export class ChangeItemDeadlineDto {
  @DueDate()
  deadline: string;

  @FreeText(2000)
  reason: string;
}

/** `POST /meetings/:id/items/:itemId/complete`. */
export class CompleteItemDto {
  @FreeText(4000)
  note: string;
}

/** `POST /meetings/:id/items/:itemId/cancel`. */
export class CancelItemDto {
  @FreeText(2000)
  reason: string;
}

/** `POST /meetings/:id/conclude`. */
export class ConcludeMeetingDto {
  @FreeText(20000)
  minutes: string;
}

/** `GET /meetings`. */
export class ListMeetingsQuery extends PageQuery {
  @SearchText('the title and minutes')
  q?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `GET /action-items`. */
export class ListActionItemsQuery extends PageQuery {
  @OptionalText(200, '`me` or a user id')
  owner?: string;

  @OptionalText(200)
  ownerUnit?: string;

  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false])
  overdue?: boolean;

  @OptionalDateTime('Only items whose deadline is before this instant')
  dueBefore?: string;

  @SearchText('the title')
  q?: string;
}

/** `GET /notifications`. */
export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'Only unread notifications' })
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false])
  unread?: boolean;
}
