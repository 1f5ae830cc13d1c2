import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { isDueText, parseInstant } from '#domain';

/** ISO 8601 date-time with an explicit offset (`Z` or `+08:00`), as API.md requires. */
export const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A real date-time with an offset (rejects `2026-02-30T00:00:00Z`). */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        // The shape (a time and an offset) is checked here; whether it is a real instant is
        // the domain's one reading of dates.
        validate: (v: unknown) => typeof v === 'string' && DATE_TIME_WITH_OFFSET.test(v) && parseInstant(v) !== null,
      },
    },
    options,
  );
}

/**
 * Text with something besides white space (rule `isNotBlank`). Rules carry no English
 * message: the field message is rendered from the catalogue by the rule's name.
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isNotBlank', validator: { validate: (v: unknown) => typeof v === 'string' && /\S/.test(v) } }, options);
}

/** Required trimmed-non-empty text with a length cap, documented in OpenAPI. */
export function Text(max: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ maxLength: max, ...(description ? { description } : {}) }),
    IsString(),
    IsNotEmpty(),
    IsNotBlank(),
    MaxLength(max),
  );
}

/** Optional text with a length cap. */
export function OptionalText(max: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength: max, ...(description ? { description } : {}) }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );
}

/** Required date-time with offset. */
export function DateTime(description?: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ format: 'date-time', ...(description ? { description } : {}) }), IsDateTime());
}

/** Optional date-time with offset. */
export function OptionalDateTime(description?: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ format: 'date-time', ...(description ? { description } : {}) }), IsOptional(), IsDateTime());
}

/**
 * A deadline or due date: a calendar date `YYYY-MM-DD` (the end of that day in `DISPLAY_TIMEZONE`)
 * or a date-time with an offset (rule `isDueDate`). Only the shape is checked here; what the
 * value means is the domain's `parseDue`.
 */
export function IsDueDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isDueDate', validator: { validate: (v: unknown) => isDueText(v) } }, options);
}

const DUE_DATE_DOC = {
  type: 'string',
  example: '2026-12-31',
  description:
    'A calendar date `YYYY-MM-DD`, meaning the end of that day (23:59:59.999) in DISPLAY_TIMEZONE (default Asia/Shanghai), ' +
    'or an ISO 8601 date-time with an offset, kept as that instant.',
} as const;

function dueDoc(description?: string) {
  return description ? { ...DUE_DATE_DOC, description: `${description}. ${DUE_DATE_DOC.description}` } : DUE_DATE_DOC;
}

/** Required deadline or due date (date or date-time with offset). */
export function DueDate(description?: string): PropertyDecorator {
  return applyDecorators(ApiProperty(dueDoc(description)), IsDueDate());
}

/** Optional deadline or due date (date or date-time with offset). */
export function OptionalDueDate(description?: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional(dueDoc(description)), IsOptional(), IsDueDate());
}
