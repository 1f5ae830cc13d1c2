import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalDateTime } from '../http/validators.js';

/** `GET /scoreboard`, `GET /scoreboard/:unit`. */
export class ScoreboardQuery {
  @ApiProperty({ minimum: 2000, maximum: 2100, description: 'Assessment year (calendar year in DISPLAY_TIMEZONE, Beijing by default)' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @OptionalDateTime('The board as it stood at this moment (default now; not in the future)')
  asOf?: string;
}

/** `GET /scoreboard/export`. */
export class ScoreboardExportQuery extends ScoreboardQuery {
  @ApiProperty({ enum: ['xlsx', 'csv'], required: false, default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}
