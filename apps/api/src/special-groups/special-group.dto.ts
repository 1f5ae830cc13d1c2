import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../http/pagination.js';
import { OptionalText, Text } from '../http/validators.js';

/** A list of unit codes or user ids (1–200 characters each, at most 200 of them). */
function Names(description: string, optional: boolean): PropertyDecorator {
  return applyDecorators(
    optional ? ApiPropertyOptional({ type: [String], description }) : ApiProperty({ type: [String], description }),
    ...(optional ? [IsOptional()] : []),
    IsArray(),
    ArrayMaxSize(200),
    IsString({ each: true }),
    Length(1, 200, { each: true }),
  );
}

/** `POST /special-groups`. The code's shape and uniqueness are the decider's rules. */
export class RegisterSpecialGroupDto {
  @Text(40, 'Code tasks name in `specialGroup`: [a-z0-9-]{2,40}, unique')
  code: string;

  @Text(200, 'Name, e.g. 政务服务改革专项小组')
  name: string;

  @Text(200, 'User id of the lead (组长), a committee member')
  lead: string;

  @Names('User ids of the deputy leads (副组长)', true)
  deputies?: string[];

  @Names('Member units (成员单位)', false)
  memberUnits: string[];
}

/** `POST /special-groups/:code/members`. */
export class ChangeSpecialGroupMembersDto {
  @Names('Units that join the group', true)
  add?: string[];

  @Names('Units that leave the group', true)
  remove?: string[];

  @OptionalText(200, 'New lead (user id)')
  lead?: string;

  @Names('The deputies after the change (replaces the list)', true)
  deputies?: string[];
}

/** `GET /special-groups`. */
export class ListSpecialGroupsQuery extends PageQuery {}
