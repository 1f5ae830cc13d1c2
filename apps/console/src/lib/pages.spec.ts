import { chainedPages, type CursorPage } from './pages.js';

/** A list of `n` rows named `prefix1…`, paged as the API pages: the cursor is the index of the next row. */
function list(prefix: string, n: number) {
  const rows = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  const asked: Array<{ cursor: string | undefined; limit: number }> = [];
  const read = (cursor: string | undefined, limit: number): Promise<CursorPage<string>> => {
    asked.push({ cursor, limit });
    const from = cursor ? Number(cursor) : 0;
    const to = Math.min(from + limit, rows.length);
    return Promise.resolve({ items: rows.slice(from, to), nextCursor: to < rows.length ? String(to) : null });
  };
  return { read, asked };
}

/** Every page of a chained reader, following its cursors to the end. */
async function allPages(read: (cursor: string | undefined) => Promise<CursorPage<string>>): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

describe('chainedPages', () => {
  it('pages several lists as one: a page goes on into the next list when one ends, and every row comes once', async () => {
    const a = list('a', 5);
    const b = list('b', 4);
    const c = list('c', 0);
    const d = list('d', 2);
    const pages = await allPages(chainedPages([a.read, b.read, c.read, d.read], 3));
    expect(pages).toEqual([
      ['a1', 'a2', 'a3'],
      ['a4', 'a5', 'b1'],
      ['b2', 'b3', 'b4'],
      ['d1', 'd2'],
    ]);
    // The list a page goes on into is asked only for what the page still lacks.
    expect(b.asked[0]).toEqual({ cursor: undefined, limit: 1 });
  });

  it('answers an empty last page only when nothing follows, and no cursor after the last list', async () => {
    expect(await allPages(chainedPages([list('a', 0).read, list('b', 0).read], 3))).toEqual([[]]);
    expect(await allPages(chainedPages([list('a', 3).read], 3))).toEqual([['a1', 'a2', 'a3']]);
  });
});
