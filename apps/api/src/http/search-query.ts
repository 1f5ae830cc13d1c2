import { applyDecorators } from '@nestjs/common';
import { normalizeSearchText, type SearchCursor } from '#read-models';
import { decodeCursor } from './pagination.js';
import { ValidationProblem } from './problem.filter.js';
import { OptionalText } from './validators.js';

/** The `q` of every list route: one meaning, one description, one length cap. */
export function SearchText(fields: string): PropertyDecorator {
  return applyDecorators(
    OptionalText(
      200,
      `Text search: any substring of one or more characters of ${fields}, or their pinyin (qc or qiche find 汽车). ` +
        'Results are ranked (title matches first, then the most recent) and each says where it matched (matchedIn).',
    ),
  );
}

/** True when `q` holds something to search (blank text is no search). */
export function isSearch(q: string | undefined): q is string {
  return q !== undefined && normalizeSearchText(q) !== '';
}

/**
 * The cursor of a list that `q` may rank: with `q` a {@link SearchCursor}, otherwise the
 * list's own key of `arity` parts checked by `isKey`. A cursor of the other ordering is a 400
 * naming `cursor` (it would silently compare a rank with a date).
 */
export function decodeListCursor<K extends unknown[]>(
  cursor: string | undefined,
  q: string | undefined,
  arity: number,
  isKey: (key: unknown[]) => boolean,
): { after: K | null; searchAfter: SearchCursor | null } {
  const search = isSearch(q);
  const key = decodeCursor(cursor, search ? 2 : arity);
  if (key === null) return { after: null, searchAfter: null };
  if (search) {
    if (!key.every((k) => Number.isSafeInteger(k) && (k as number) >= 0)) throw foreignCursor();
    return { after: null, searchAfter: key as SearchCursor };
  }
  if (!isKey(key)) throw foreignCursor();
  return { after: key as K, searchAfter: null };
}

function foreignCursor(): ValidationProblem {
  return new ValidationProblem([{ path: 'cursor', rule: 'cursorForeign' }]);
}
