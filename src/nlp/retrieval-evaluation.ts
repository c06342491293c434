// Offline figures for passage retrieval: a seeded split of the queries into dev (where boosts and the
// abstention rule are chosen) and test (where they are reported), and top-k accuracy. Pure functions.
import { seededRandom } from './seeded-random.js';

export interface Split<T> {
  dev: T[];
  test: T[];
}

/**
 * Splits each group (a thread's rephrasings) on its own, shuffled by the seed: half of each group,
 * rounded down, goes to dev and the rest to test, so every thread is asked about in both.
 */
export function splitPerGroup<T>(groups: readonly (readonly T[])[], seed: number): Split<T> {
  const random = seededRandom(seed);
  const dev: T[] = [];
  const test: T[] = [];
  for (const group of groups) {
    const shuffled = [...group];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const half = Math.floor(shuffled.length / 2);
    dev.push(...shuffled.slice(0, half));
    test.push(...shuffled.slice(half));
  }
  return { dev, test };
}

/** One query's outcome: the right passage, and the ranked passages returned. */
export interface RankedResult {
  expected: string;
  ranked: readonly string[];
}

/** Share of queries whose right passage is among the first k returned. */
export function topKAccuracy(results: readonly RankedResult[], k: number): number {
  if (results.length === 0) return 0;
  return results.filter((r) => r.ranked.slice(0, k).includes(r.expected)).length / results.length;
}
