import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { UNIT_LEVELS, type UnitLevel } from '#domain';
import { PageQuery } from '../http/pagination.js';
import { OptionalText, Text } from '../http/validators.js';

/** `POST /units`. The code's shape, uniqueness and the tree's shape are the decider's rules. */
export class RegisterUnitDto {
  @Text(60, 'Code tasks name in `leadUnit`: [a-z0-9-]{2,60}, unique')
  code: string;

  @Text(200, 'Name, e.g. 南关区')
  name: string;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @OptionalText(60, 'Code of the registered parent unit; none for a top-level unit')
  parent?: string;
}

/** `POST /units/:code/move`. */
export class MoveUnitDto {
  @Text(60, 'Code of the registered unit to move under (never the unit itself or a unit below it)')
  parent: string;
}

/** `GET /units`. */
export class ListUnitsQuery extends PageQuery {
  @OptionalText(60, "Only this unit's subtree (the unit itself and every unit below it)")
  under?: string;
}
