import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationProblem } from './problem.filter.js';

/** `limit` and `cursor` of every list route. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

/** A page of a list: `{ items, nextCursor }`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes the sort key of the last row of a page. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A rendered page `{"items":…,"nextCursor":…}` as the bytes sent: `items` the JSON array (UTF-8)
 * a read model rendered, `nextCursor` JSON (`null` or a quoted cursor).
 */
export function pageBytes(items: Buffer, nextCursor: string): Buffer {
  return Buffer.concat([Buffer.from('{"items":'), items, Buffer.from(`,"nextCursor":${nextCursor}}`)]);
}

/** Decodes a cursor; a cursor the server did not make is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | null {
  if (cursor === undefined) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through to the 400 below
  }
  throw foreignCursor();
}

/**
 * The 400 for a cursor this server did not issue. Also for a decodable cursor whose keys have
 * the wrong types, which would otherwise reach SQLite bindings.
 */
export function foreignCursor(): ValidationProblem {
  return new ValidationProblem([{ path: 'cursor', rule: 'cursorInvalid' }]);
}

/**
 * Runs a keyset-paginated query: fetches `limit + 1` rows to know whether a next page exists,
 * and builds the cursor from the last row's sort key.
 */
export function paginate<Row, T>(rows: Row[], limit: number, sortKey: (row: Row) => unknown[], map: (row: Row) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: more ? encodeCursor(sortKey(pageRows[pageRows.length - 1]!)) : null,
  };
}
