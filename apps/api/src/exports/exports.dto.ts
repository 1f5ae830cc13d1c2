import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListRectificationsQuery } from '../inspections/inspection.dto.js';
import { ListTasksQuery } from '../tasks/task.dto.js';
import { EXPORT_FORMATS, type ExportFormat } from './table-export.js';

/**
 * `GET /tasks/export`: the filters of `GET /tasks` (the whole result, not a page, of the ledger
 * now, in registration order) and the format.
 */
export class ExportTasksQuery extends OmitType(ListTasksQuery, ['limit', 'cursor', 'sort', 'asOf'] as const) {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

/** `GET /rectifications/export`: the filters of `GET /rectifications` and the format. */
export class ExportRectificationsQuery extends OmitType(ListRectificationsQuery, ['limit', 'cursor'] as const) {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
