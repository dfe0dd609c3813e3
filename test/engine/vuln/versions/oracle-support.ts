import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A fixture's lines without blank lines and `#` comments (whole-line or trailing). */
export function readFixture(name: string): string[] {
  const path = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').replace(/^#.*$/, ''))
    .filter((line) => line.trim() !== '');
}

/** mulberry32: a seeded generator so the pairs are the same on every run and a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` pairs drawn from `values` with the given generator. */
export function randomPairs(
  values: readonly string[],
  count: number,
  random: () => number,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (let k = 0; k < count; k++) {
    const a = values[Math.floor(random() * values.length)];
    const b = values[Math.floor(random() * values.length)];
    if (a !== undefined && b !== undefined) pairs.push([a, b]);
  }
  return pairs;
}

/** Every unordered pair of distinct entries. */
export function allPairs(values: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      if (a !== undefined && b !== undefined) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** Splits work into `parts` slices, runs them at once and joins the answers in order. */
export async function inParallel<T, R>(
  items: readonly T[],
  parts: number,
  run: (slice: T[]) => Promise<R[]>,
) {
  const size = Math.ceil(items.length / parts);
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return (await Promise.all(slices.map(run))).flat();
}

/** A readable list of the pairs where we and the reference tool disagree, for the assertion message. */
export function disagreements(
  pairs: readonly [string, string][],
  expected: readonly number[],
  compare: (a: string, b: string) => number,
): string[] {
  const found: string[] = [];
  pairs.forEach(([a, b], index) => {
    const actual = compare(a, b);
    if (actual !== expected[index]) found.push(`${a} vs ${b}: reference ${expected[index]}, ours ${actual}`);
  });
  return found;
}
