import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from '#read-models';
import { PageQuery } from '../http/pagination.js';
import { OptionalDateTime, OptionalText } from '../http/validators.js';

/** `GET /audit/streams/:stream`: pages by revision, so it takes the list `limit` but no cursor. */
export class StreamEventsQuery extends PickType(PageQuery, ['limit'] as const) {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  fromRevision?: number;
}

/** `GET /audit/streams/:stream/state`: at most one of `asOf` and `revision`; neither means "now". */
export class StreamStateQuery {
  @OptionalDateTime('The state as it stood at this time (events whose occurredAt is at or before it)')
  asOf?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The state right after this revision' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  revision?: number;

  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description:
      'At most this many items of each list in the state, its last ones (`shortened` names the lists cut); `0` (the default): ' +
      'every item, the resource whole as API.md promises',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  items?: number;
}

/** Filters shared by the global log and the export; `from` inclusive, `to` exclusive, on `occurredAt`. */
export class AuditFilterQuery {
  @OptionalText(200, 'Actor (user id)')
  actor?: string;

  @OptionalText(200, 'Event type, e.g. TaskRegistered')
  type?: string;

  @OptionalText(200, 'Stream name, e.g. task-<id>')
  stream?: string;

  @OptionalText(200, "A command's correlation id: every event it and what it set off recorded")
  correlation?: string;

  @OptionalText(200, 'A causation id: every event that cause produced')
  causation?: string;

  @OptionalDateTime('Inclusive lower bound of occurredAt')
  from?: string;

  @OptionalDateTime('Exclusive upper bound of occurredAt')
  to?: string;
}

/** `GET /audit/events`: the audit filters, paged like every list. */
export class AuditEventsQuery extends IntersectionType(PageQuery, AuditFilterQuery) {}

/** `POST /audit/digest/check`: a digest written down earlier. */
export class DigestCheckDto {
  @ApiProperty({ minimum: 0, description: 'The global position the digest covered' })
  @IsInt()
  @Min(0)
  position: number;

  @ApiProperty({ pattern: '^[0-9a-fA-F]{64}$' })
  @Matches(/^[0-9a-fA-F]{64}$/)
  digest: string;

  @ApiPropertyOptional({
    enum: DIGEST_ALGORITHMS,
    default: 'sha256-stream-heads-v1',
    description: "The digest's algorithm, as it was given with it",
  })
  @IsOptional()
  @IsIn(DIGEST_ALGORITHMS)
  algorithm?: DigestAlgorithm;
}

/** `GET /audit/export`: the filters, and `withFiles=manifest` for one line per cited file after the events. */
export class AuditExportQuery extends AuditFilterQuery {
  @ApiPropertyOptional({
    enum: ['manifest'],
    description: 'Add a line `{ kind: "file", id, name, size, mediaType, sha256, sm3, citedBy }` per file the exported events cite',
  })
  @IsOptional()
  @IsIn(['manifest'])
  withFiles?: 'manifest';
}
