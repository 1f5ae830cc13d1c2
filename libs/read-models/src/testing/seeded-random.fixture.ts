/*
 * Test-only (excluded from the build by `.swcrc`): the deterministic generator of the int specs
 * that write random ledgers, so a failing seed can be replayed.
 */

/** What a seed gives: numbers in [0, 1), whole numbers below `n`, one of `xs`; the same seed, the same sequence. */
export interface SeededRandom {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
}

/** mulberry32 from `seed`. */
export function seededRandom(seed: number): SeededRandom {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! };
}
