// Jobs added within one turn of the event loop go to Redis together (one Queue.addBulk, one
// round trip) instead of one add each. Under load, many requests store their ticket in the same
// few milliseconds; adding their jobs one by one cost a Redis round trip and BullMQ's script
// preparation per request.

export interface BatchedAdds<T> {
  /** Settles when the batch holding `item` has been added (or failed to be). */
  add(item: T): Promise<void>;
  /** Settles when every item handed to add() so far has been added or has failed. */
  settled(): Promise<void>;
}

export function batchedAdds<T>(addAll: (items: T[]) => Promise<unknown>): BatchedAdds<T> {
  let pending: { items: T[]; done: Promise<void> } | undefined;
  const inFlight = new Set<Promise<void>>();

  function startBatch(): { items: T[]; done: Promise<void> } {
    const items: T[] = [];
    const done = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        pending = undefined;
        addAll(items).then(() => resolve(), reject);
      });
    });
    const tracked = done.catch(() => undefined).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return { items, done };
  }

  return {
    add(item) {
      pending ??= startBatch();
      pending.items.push(item);
      return pending.done;
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}
