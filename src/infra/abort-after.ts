// An abort signal with a deadline, that also follows other signals.
//
// Why not AbortSignal.any([signal, AbortSignal.timeout(ms)]): on Node 20 the combined signal does
// not keep its timeout signal alive, so under garbage-collection pressure the timeout can be
// collected and never fire. A knowledge-page fetch with a 300 ms limit read a page that took 10 s
// during a loaded test run. A plain timer held until `done()` cannot be collected early.

export interface Deadline {
  signal: AbortSignal;
  /** Aborts now (e.g. a body grew past its limit). */
  abort(reason?: unknown): void;
  /** Clears the timer and stops following the linked signals; call when the work is over. */
  done(): void;
}

export function abortAfter(ms: number, ...linked: AbortSignal[]): Deadline {
  const controller = new AbortController();
  const abort = (reason?: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const timer = setTimeout(() => abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  const follow = linked.map((signal) => {
    const onAbort = () => abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  });
  return {
    signal: controller.signal,
    abort,
    done() {
      clearTimeout(timer);
      for (const stop of follow) stop();
    },
  };
}
