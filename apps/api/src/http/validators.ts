import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { parseInstant } from '#domain';

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
        defaultMessage: (a) => `${a?.property} must be an ISO 8601 date-time with an offset, e.g. 2026-12-31T18:00:00+08:00`,
      },
    },
    options,
  );
}

/** Required trimmed-non-empty text with a length cap, documented in OpenAPI. */
export function Text(max: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ maxLength: max, ...(description ? { description } : {}) }),
    IsString(),
    IsNotEmpty(),
    Matches(/\S/, { message: '$property must not be blank' }),
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
