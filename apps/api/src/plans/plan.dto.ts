import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { AREAS, type Area } from '#domain';
import { PageQuery } from '../http/pagination.js';
import { OptionalText, Text } from '../http/validators.js';

/** `POST /plans`. The period's range and order are the plan decider's rules. */
export class RegisterPlanDto {
  @Text(300, 'Title, e.g. 全面深化改革规划（2024—2028年）')
  title: string;

  @ApiProperty({ type: 'integer', description: 'First year of the period' })
  @IsInt()
  periodFrom: number;

  @ApiProperty({ type: 'integer', description: 'Last year of the period (included)' })
  @IsInt()
  periodTo: number;

  @OptionalText(300, 'The plan document (文号 or link)')
  reference?: string;
}

/** `POST /plans/:id/key-points`. The year's range (the plan's period) is the decider's rule. */
export class AddKeyPointDto {
  @ApiProperty({ type: 'integer', description: 'Year of the key point, within the plan period' })
  @IsInt()
  year: number;

  @Text(300)
  title: string;

  @ApiProperty({ enum: AREAS })
  @IsIn(AREAS)
  area: Area;

  @OptionalText(40, 'Code of the registered special group that coordinates it')
  specialGroup?: string;
}

/** `GET /plans`. */
export class ListPlansQuery extends PageQuery {}

/** `GET /key-points`. */
export class ListKeyPointsQuery extends PageQuery {
  @OptionalText(64)
  planId?: string;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;

  @ApiPropertyOptional({ enum: AREAS })
  @IsOptional()
  @IsIn(AREAS)
  area?: Area;

  @OptionalText(40)
  specialGroup?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: key points no task carries out yet; false: those some task does' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'withoutTasks must be true or false' })
  withoutTasks?: boolean;
}
