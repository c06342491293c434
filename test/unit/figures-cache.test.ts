import { describe, expect, it } from 'vitest';
import { figuresCache } from '../../src/http/console/figures-cache.js';

/** A cache over a read that counts its calls, on a clock the test moves. */
function setUp(ttlMs: number, read: (key: string, n: number) => Promise<string> = (key, n) => Promise.resolve(`${key}#${n}`)) {
  const clock = { t: 1_000, now: () => clock.t };
  let reads = 0;
  const get = figuresCache<string, string>({ ttlMs, maxKeys: 4, clock, read: (key) => read(key, ++reads) });
  return { get, clock, reads: () => reads };
}

describe('figuresCache', () => {
  it('keeps a key’s figures, with the time they were read, until they are older than ttl', async () => {
    const { get, clock, reads } = setUp(30_000);
    const first = await get('90d');
    expect(first.value).toBe('90d#1');
    expect(first.readAt).toBeInstanceOf(Date);

    clock.t += 30_000;
    expect(await get('90d')).toBe(first);
    expect(reads()).toBe(1);

    clock.t += 1;
    expect((await get('90d')).value).toBe('90d#2');
    expect(reads()).toBe(2);
  });

  it('keeps each key apart', async () => {
    const { get, reads } = setUp(30_000);
    expect((await get('24h')).value).toBe('24h#1');
    expect((await get('7d')).value).toBe('7d#2');
    expect((await get('24h')).value).toBe('24h#1');
    expect(reads()).toBe(2);
  });

  it('lets requests that come during a read share it', async () => {
    let finish: (value: string) => void = () => undefined;
    const { get, reads } = setUp(30_000, () => new Promise((resolve) => (finish = resolve)));
    const both = Promise.all([get('7d'), get('7d')]);
    finish('figures');
    const [a, b] = await both;
    expect(a.value).toBe('figures');
    expect(b).toBe(a);
    expect(reads()).toBe(1);
  });

  it('does not keep a failed read: the next request reads again', async () => {
    const { get, reads } = setUp(30_000, (key, n) =>
      n === 1 ? Promise.reject(new Error('database down')) : Promise.resolve(`${key}#${n}`),
    );
    await expect(get('7d')).rejects.toThrow('database down');
    expect((await get('7d')).value).toBe('7d#2');
    expect(reads()).toBe(2);
  });

  it('reads for every request when ttl is 0', async () => {
    const { get, reads } = setUp(0);
    expect((await get('7d')).value).toBe('7d#1');
    expect((await get('7d')).value).toBe('7d#2');
    expect(reads()).toBe(2);
  });
});
