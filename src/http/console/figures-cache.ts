// Figures that are costly to read and that people reload far more often than they change
// meaningfully (the dashboard's, see routes/dashboard-routes.ts): each key's are read once, kept for
// `ttlMs` (stale once older than that), and served with the time they were read, so the page can say how fresh they are.
// Requests that come while they are being read share that read, and a failed read is not kept: the
// next request tries again. lru-cache does the keeping and the sharing (its `fetch`), bounded to
// `maxKeys` keys.
import { LRUCache } from 'lru-cache';

export interface ReadFigures<V> {
  value: V;
  readAt: Date;
}

export interface FiguresCacheOptions<K extends string, V> {
  /** 0: read for every request. */
  ttlMs: number;
  maxKeys: number;
  read: (key: K) => Promise<V>;
  /** The clock for the time kept (tests); performance's by default. */
  clock?: { now(): number };
}

export function figuresCache<K extends string, V>(options: FiguresCacheOptions<K, V>): (key: K) => Promise<ReadFigures<V>> {
  const read = async (key: K): Promise<ReadFigures<V>> => ({ value: await options.read(key), readAt: new Date() });
  if (options.ttlMs <= 0) return read;
  const cache = new LRUCache<K, ReadFigures<V>>({
    max: options.maxKeys,
    ttl: options.ttlMs,
    // Read the clock on every look (a handful of keys): its default caches it for a millisecond.
    ttlResolution: 0,
    ...(options.clock ? { perf: options.clock } : {}),
    fetchMethod: (key) => read(key),
  });
  return async (key) => {
    const figures = await cache.fetch(key);
    // fetch() is undefined only when fetchMethod gives undefined, which read() never does.
    if (!figures) throw new Error(`no figures read for ${key}`);
    return figures;
  };
}
