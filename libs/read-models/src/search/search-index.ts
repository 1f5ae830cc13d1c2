import type Database from 'better-sqlite3';
import { pinyin } from 'pinyin-pro';

/*
 * Text search shared by every ledger: any substring of one character or more, in Chinese or
 * Latin text, and pinyin (full or initials) of Chinese text.
 *
 * Why this design. FTS5's trigram tokenizer cannot match fewer than three characters, and
 * most Chinese words and names are two. A word segmenter (jieba) finds words, not substrings:
 * `车城` inside `汽车城`, a given name alone, or one character would still be missed. So each
 * text is indexed as overlapping character bigrams, one FTS5 token per bigram, each value
 * ending with a bigram of its last character and an end mark:
 *
 *   汽车城 → 汽车 车城 城⌁        query 汽车 → the token 汽车; 汽车城 → the phrase "汽车 车城";
 *                                 车 → any token starting with 车 (FTS5 prefix index)
 *
 * A phrase of consecutive bigrams matches exactly the substrings of a value, and every lookup
 * is a walk of one FTS5 doclist (or a phrase over a few), never a scan of the texts. FTS5 has no
 * tokenizer hook in better-sqlite3, so the grams are written as tokens of [0-9a-z] (each
 * character as its code point in base 36): no tokenizer can split, fold or drop them, so
 * punctuation such as 〔〕 in a 文号 is searchable like any other character.
 *
 * Ranking without sorting. A record's FTS5 rowid is its search key, handed out in the order
 * records are first indexed (store order, so a rebuild hands out the same keys): "most
 * recent first" is `ORDER BY rowid DESC`, which FTS5 walks backwards and stops after a page.
 * The primary field's grams (the title) are tokens of their own (`t…`), the other fields'
 * (`o…`), so "title matches first" is two walks: title tokens, then other tokens `NOT` title
 * tokens (FTS5 merges both doclists in rowid order). The cursor is (class, rowid).
 *
 * A changed record's old tokens are rebuilt from its stored texts to delete them, so any
 * change to how grams or pinyin are made must come with a version bump of the projections
 * that use this index (they then rebuild from the store).
 */

/** What a field yields: one text, several (milestone titles), or nothing yet. */
export type SearchText = string | null | undefined | ReadonlyArray<string | null | undefined>;

/** One searchable field of a ledger's records. */
export interface SearchField<S> {
  /** Reported as `matchedIn` when the query is found in this field. */
  name: string;
  text(source: S): SearchText;
  /**
   * Also index the pinyin of the field's Chinese text, in full (`qiche`) and as initials
   * (`qc`). `name` reads a leading surname as a surname (单 shan, 曾 zeng).
   */
  pinyin?: 'text' | 'name';
}

/** The searchable fields of one kind of record. */
export interface SearchIndexOptions<S> {
  /** Tables are `<prefix>_search` (FTS5) and `<prefix>_search_keys`. */
  prefix: string;
  /** Matches here rank before matches in {@link fields} (a title). */
  primary: SearchField<S>;
  fields: ReadonlyArray<SearchField<S>>;
}

/** `matchedIn` when only the pinyin of a text matched. */
export const PINYIN_MATCH = 'pinyin';

/** Position in a ranked result: `[class, key]`, class 0 the primary field, 1 the others. */
export type SearchCursor = [number, number];

/** One record found: the ledger's columns, where it matched and its cursor. */
export interface SearchHit<R> {
  row: R;
  matchedIn: string;
  cursor: SearchCursor;
}

/** How a ledger joins and filters the records found (see {@link SearchIndex.page}). */
export interface SearchPageOptions {
  limit: number;
  after?: SearchCursor | null;
  /** The columns the ledger reads, over the alias of {@link join}. */
  select: string;
  /** Parameters of {@link select}, in order. */
  selectParams?: unknown[];
  /** `<table> <alias> ON <alias>.<id> = k.s_id`: the ledger's table joined on the record id. */
  join: string;
  /** The ledger's other filters, over its own columns (their names must not start with `s_`). */
  where?: string;
  params?: unknown[];
}

/** Folds case and width and collapses white space, identically for texts and queries. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
}

/** The end mark after a value's last character: U+0000, which normalised text never holds. */
const END = 0;
const codes = new Map<number, string>();
/** A character as four base-36 digits (every code point fits), cached: grams are built per record. */
function code(cp: number): string {
  let c = codes.get(cp);
  if (c === undefined) codes.set(cp, (c = cp.toString(36).padStart(4, '0')));
  return c;
}
const HAN = /\p{Script=Han}/u;

function bigrams(value: string, cls: string, out: string[]): void {
  let prev = -1;
  for (let i = 0; i < value.length; i++) {
    const cp = value.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (prev >= 0) out.push(cls + code(prev) + code(cp));
    prev = cp;
  }
  if (prev >= 0) out.push(cls + code(prev) + code(END));
}

/** Full pinyin and initials of the Han characters of a normalised value (other characters kept), or nothing. */
function pinyinOf(value: string, mode: 'text' | 'name'): string[] {
  if (!HAN.test(value)) return [];
  const chars = [...value];
  // Minimum-segmentation reads polyphones from their words (银行行长 yin hang hang zhang) and is
  // the fastest of pinyin-pro's three segmenters.
  const syllables = pinyin(value, {
    type: 'array',
    toneType: 'none',
    v: true,
    segmentit: 3,
    ...(mode === 'name' ? { mode: 'surname' as const, surname: 'head' as const } : {}),
  });
  let full = '';
  let initials = '';
  chars.forEach((c, i) => {
    const s = HAN.test(c) ? (syllables[i] ?? c) : c;
    if (s === ' ') return;
    full += s;
    initials += s[0];
  });
  return full === initials ? [full] : [full, initials];
}

function values(text: SearchText): string[] {
  const list = typeof text === 'string' ? [text] : (text ?? []);
  const out: string[] = [];
  for (const v of list) if (typeof v === 'string' && v.trim() !== '') out.push(v);
  return out;
}

/** The FTS5 expressions of a query: one per class, or null when nothing is left to search. */
function matchExpressions(q: string): { needle: string; primary: string; other: string } | null {
  const needle = normalizeSearchText(q);
  if (needle === '') return null;
  const alternatives = [needle];
  // `qi che` or `xi'an` typed as pinyin: the indexed pinyin has no separators.
  const compact = needle.replace(/[\s']/g, '');
  if (/^[a-z\s']+$/.test(needle) && compact !== needle && compact !== '') alternatives.push(compact);
  const phrase = (cls: string, text: string) => {
    const cps = [...text].map((c) => c.codePointAt(0)!);
    if (cps.length === 1) return `${cls}${code(cps[0]!)}*`;
    const grams: string[] = [];
    for (let i = 0; i + 1 < cps.length; i++) grams.push(`${cls}${code(cps[i]!)}${code(cps[i + 1]!)}`);
    return `"${grams.join(' ')}"`;
  };
  const primary = `(${alternatives.map((a) => phrase('t', a)).join(' OR ')})`;
  const other = `(${alternatives.map((a) => phrase('o', a)).join(' OR ')}) NOT ${primary}`;
  return { needle, primary, other };
}

interface IndexStatements {
  get: Database.Statement<[string], { s_key: number; s_texts: string; s_pinyin: string }>;
  insertKey: Database.Statement<[string, string, string], { s_key: number }>;
  updateKey: Database.Statement<[string, string, number]>;
  insertGrams: Database.Statement<[number, string]>;
  deleteGrams: Database.Statement<[number, string]>;
}

/**
 * The search index of one kind of record: a key table (`s_key` the FTS5 rowid, `s_id` the
 * record id, the indexed texts and their pinyin, kept to skip unchanged records and to say
 * where a query matched) and a contentless FTS5 table of grams. A projection declares its
 * fields, calls {@link migrate} and {@link write} in its own transaction, and lists
 * {@link tables} among its tables; a ledger query calls {@link page}.
 */
export class SearchIndex<S> {
  readonly keysTable: string;
  readonly ftsTable: string;
  private readonly fields: ReadonlyArray<SearchField<S>>;
  private readonly statements = new WeakMap<Database.Database, IndexStatements>();
  private readonly pages = new WeakMap<Database.Database, Map<string, Database.Statement>>();

  constructor(options: SearchIndexOptions<S>) {
    this.keysTable = `${options.prefix}_search_keys`;
    this.ftsTable = `${options.prefix}_search`;
    this.fields = [options.primary, ...options.fields];
  }

  /** The tables this index owns, for the projection's `tables` (rebuild checksums, version drops). */
  get tables(): string[] {
    return [this.keysTable, this.ftsTable];
  }

  /** Creates the tables (idempotent). */
  migrate(db: Database.Database): void {
    // `prefix = '5'`: a one-character query is the prefix "class letter + one code" (5 bytes) of
    // every bigram starting with that character; the prefix index makes it one doclist.
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.keysTable} (
        s_key INTEGER PRIMARY KEY, s_id TEXT NOT NULL UNIQUE, s_texts TEXT NOT NULL, s_pinyin TEXT NOT NULL);
      CREATE VIRTUAL TABLE IF NOT EXISTS ${this.ftsTable} USING fts5(
        grams, content = '', detail = full, prefix = '5', tokenize = 'ascii');
    `);
  }

  /**
   * Indexes one record as it now stands; does nothing when none of its texts changed (most
   * events change none). The record's key, and so its place in "most recent first", is the one
   * it got when first indexed.
   */
  write(db: Database.Database, id: string, source: S): void {
    const s = this.prepared(db);
    const texts = this.fields.map((f) => values(f.text(source)).map(normalizeSearchText));
    const textsJson = JSON.stringify(texts);
    const row = s.get.get(id);
    if (row && row.s_texts === textsJson) return;
    const before = row ? { texts: JSON.parse(row.s_texts) as string[][], pinyin: JSON.parse(row.s_pinyin) as string[][] } : null;
    // Pinyin costs far more than the grams: a field whose text did not change keeps its pinyin.
    const pinyins = this.fields.map((f, i) => {
      if (!f.pinyin) return [];
      if (before && JSON.stringify(before.texts[i]) === JSON.stringify(texts[i])) return before.pinyin[i] ?? [];
      return texts[i]!.flatMap((v) => pinyinOf(v, f.pinyin!));
    });
    const pinyinJson = JSON.stringify(pinyins);
    let key: number;
    if (row && before) {
      key = row.s_key;
      // A contentless FTS5 row is deleted by giving back exactly the tokens it was given: they
      // are rebuilt from the stored texts and pinyin (four times cheaper per update than
      // `contentless_delete`'s tombstones when a catch-up re-indexes many records).
      s.deleteGrams.run(key, this.grams(before.texts, before.pinyin));
      s.updateKey.run(textsJson, pinyinJson, key);
    } else {
      key = s.insertKey.get(id, textsJson, pinyinJson)!.s_key;
    }
    s.insertGrams.run(key, this.grams(texts, pinyins));
  }

  /** The FTS5 document of a record: its grams, primary field's as `t…` tokens, the others' as `o…`. */
  private grams(texts: string[][], pinyins: string[][]): string {
    // An array joined once: appending to one string per token was the slowest step of a write.
    const out: string[] = [];
    this.fields.forEach((_, i) => {
      const cls = i === 0 ? 't' : 'o';
      for (const v of texts[i] ?? []) bigrams(v, cls, out);
      for (const v of pinyins[i] ?? []) bigrams(v, cls, out);
    });
    return out.join(' ');
  }

  /**
   * One page of the records matching `q`, primary-field matches first, then the most recently
   * indexed first; `limit + 1` hits to tell whether another page follows. Empty when `q` holds
   * nothing to search.
   */
  page<R>(db: Database.Database, q: string, options: SearchPageOptions): Array<SearchHit<R>> {
    const expressions = matchExpressions(q);
    if (!expressions) return [];
    const hits: Array<SearchHit<R>> = [];
    const after = options.after ?? null;
    for (const cls of [0, 1]) {
      if (after && after[0] > cls) continue;
      const want = options.limit + 1 - hits.length;
      if (want <= 0) break;
      const from = after && after[0] === cls ? after[1] : null;
      const sql = this.pageSql(options, from !== null);
      const params = [
        ...(options.selectParams ?? []),
        cls === 0 ? expressions.primary : expressions.other,
        ...(from !== null ? [from] : []),
        ...(options.params ?? []),
        want,
      ];
      const rows = this.statement(db, sql).all(...params) as Array<R & { s_key: number; s_texts: string }>;
      for (const row of rows) {
        hits.push({ row, matchedIn: this.matchedIn(cls, row.s_texts, expressions.needle), cursor: [cls, row.s_key] });
      }
    }
    return hits;
  }

  private pageSql(options: SearchPageOptions, hasCursor: boolean): string {
    // CROSS JOIN keeps the FTS5 walk outermost, so ORDER BY rowid DESC LIMIT stops early.
    return `SELECT k.s_key AS s_key, k.s_texts AS s_texts, ${options.select}
      FROM ${this.ftsTable} f CROSS JOIN ${this.keysTable} k ON k.s_key = f.rowid CROSS JOIN ${options.join}
      WHERE f.${this.ftsTable} MATCH ?${hasCursor ? ' AND f.rowid < ?' : ''}${options.where ? ` AND (${options.where})` : ''}
      ORDER BY f.rowid DESC LIMIT ?`;
  }

  private matchedIn(cls: number, textsJson: string, needle: string): string {
    const texts = JSON.parse(textsJson) as string[][];
    const found = (i: number) => (texts[i] ?? []).some((v) => v.includes(needle));
    if (cls === 0) return found(0) ? this.fields[0]!.name : PINYIN_MATCH;
    for (let i = 1; i < this.fields.length; i++) if (found(i)) return this.fields[i]!.name;
    return PINYIN_MATCH;
  }

  private statement(db: Database.Database, sql: string): Database.Statement {
    // Compiled once per connection and page shape: preparing costs more than a page.
    let bySql = this.pages.get(db);
    if (!bySql) this.pages.set(db, (bySql = new Map()));
    let stmt = bySql.get(sql);
    if (!stmt) bySql.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  }

  private prepared(db: Database.Database): IndexStatements {
    let s = this.statements.get(db);
    if (!s) {
      s = {
        get: db.prepare(`SELECT s_key, s_texts, s_pinyin FROM ${this.keysTable} WHERE s_id = ?`),
        insertKey: db.prepare(`INSERT INTO ${this.keysTable}(s_id, s_texts, s_pinyin) VALUES (?, ?, ?) RETURNING s_key`),
        updateKey: db.prepare(`UPDATE ${this.keysTable} SET s_texts = ?, s_pinyin = ? WHERE s_key = ?`),
        insertGrams: db.prepare(`INSERT INTO ${this.ftsTable}(rowid, grams) VALUES (?, ?)`),
        deleteGrams: db.prepare(`INSERT INTO ${this.ftsTable}(${this.ftsTable}, rowid, grams) VALUES ('delete', ?, ?)`),
      };
      this.statements.set(db, s);
    }
    return s;
  }
}
