// What the in-memory benches share: a seeded PRNG (repeatable runs) and garbage collection on demand.
import v8 from 'node:v8';
import vm from 'node:vm';

/** mulberry32: small, seeded, good enough to pick messages. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Garbage collection on demand, for heap figures, without having to start node with --expose-gc. */
export function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
