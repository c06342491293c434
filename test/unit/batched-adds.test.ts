import { describe, expect, it } from 'vitest';
import { batchedAdds } from '../../src/infra/queue/batched-adds.js';

describe('batchedAdds', () => {
  it('adds what arrives in one turn of the event loop in one call, and later arrivals in the next', async () => {
    const calls: number[][] = [];
    const adds = batchedAdds<number>(async (items) => {
      calls.push([...items]);
    });
    await Promise.all([adds.add(1), adds.add(2), adds.add(3)]);
    await adds.add(4);
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every add of a batch that fails, and not those of the next', async () => {
    let fail = true;
    const adds = batchedAdds<string>(async () => {
      if (fail) throw new Error('Redis is down');
    });
    const results = await Promise.allSettled([adds.add('a'), adds.add('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(adds.add('c')).resolves.toBeUndefined();
  });

  it('settled() waits for batches still on their way, failed ones included', async () => {
    const done: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const adds = batchedAdds<string>(async (items) => {
      await gate;
      done.push(...items);
    });
    void adds.add('x');
    let settled = false;
    const waiting = adds.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    release();
    await waiting;
    expect(done).toEqual(['x']);
    await expect(adds.settled()).resolves.toBeUndefined();
  });
});
