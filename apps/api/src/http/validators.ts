import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
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

/**
 * C0 and C1 control characters and DEL, except tab, line feed and carriage return (which only
 * free text may hold, see {@link IsSingleLine}).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not Unicode text. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TAB_OR_LINE_BREAK = /[\t\n\r]/;

/**
 * What no text anywhere in a request may hold, whatever the field: a control character other
 * than tab and line breaks (NUL truncates strings in other systems, escape sequences rewrite
 * terminals and logs), or an unpaired surrogate (not Unicode: stored, it breaks every UTF-8
 * export, hash and client that reads it back). Null when the text is clean. The validation
 * pipe asks this of every string of every body and query string.
 */
export function textFault(text: string): 'controlCharacter' | 'unpairedSurrogate' | null {
  if (CONTROL_CHARACTER.test(text)) return 'controlCharacter';
  if (UNPAIRED_SURROGATE.test(text)) return 'unpairedSurrogate';
  return null;
}

/** One line: no tab, line feed or carriage return (rule `isSingleLine`). Titles, names, codes, ids. */
export function IsSingleLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isSingleLine', validator: { validate: (v: unknown) => typeof v !== 'string' || !TAB_OR_LINE_BREAK.test(v) } },
    options,
  );
}

/** Required trimmed-non-empty text on one line with a length cap, documented in OpenAPI: titles, names, codes. */
export function Text(max: number, description?: string): PropertyDecorator {
  return applyDecorators(RequiredText(max, description), IsSingleLine());
}

/** Optional text on one line with a length cap. */
export function OptionalText(max: number, description?: string): PropertyDecorator {
  return applyDecorators(AnyOptionalText(max, description), IsSingleLine());
}

/** Required free text (notes, reasons, bodies, minutes): tabs and line breaks allowed. */
export function FreeText(max: number, description?: string): PropertyDecorator {
  return RequiredText(max, description);
}

/** Optional free text: tabs and line breaks allowed. */
export function OptionalFreeText(max: number, description?: string): PropertyDecorator {
  return AnyOptionalText(max, description);
}

function RequiredText(max: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ maxLength: max, ...(description ? { description } : {}) }),
    IsString(),
    IsNotEmpty(),
    IsNotBlank(),
    MaxLength(max),
  );
}

function AnyOptionalText(max: number, description?: string): PropertyDecorator {
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

/**
 * A calendar date `YYYY-MM-DD` that exists (rule `isCalendarDate`): only the shape is checked
 * here; what the day means (and whether it may be that day) is the domain's.
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  const shape = /^\d{4}-\d{2}-\d{2}$/;
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (v: unknown) => typeof v === 'string' && shape.test(v) && isDueText(v) } },
    options,
  );
}

/** Optional calendar date `YYYY-MM-DD`. */
export function OptionalCalendarDate(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', format: 'date', example: '2026-03-01', description }),
    IsOptional(),
    IsCalendarDate(),
  );
}

/** Required deadline or due date (date or date-time with offset). */
export function DueDate(description?: string): PropertyDecorator {
  return applyDecorators(ApiProperty(dueDoc(description)), IsDueDate());
}

/** Optional deadline or due date (date or date-time with offset). */
export function OptionalDueDate(description?: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional(dueDoc(description)), IsOptional(), IsDueDate());
}

/**
 * `attachments: [fileId]` (API.md "Evidence files"): an optional array of ids of uploaded files.
 * Only the shape is checked here; how many, whether each exists and whether the caller may read
 * it are the decider's rules (400 naming `attachments[i]`).
 */
export function Attachments(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: [String],
      maxItems: 20,
      description: 'Ids (`sha256:<hex>`) of evidence files uploaded with POST /files (佐证材料)',
    }),
    IsOptional(),
    IsArray(),
    IsString({ each: true }),
    MaxLength(80, { each: true }),
  );
}
