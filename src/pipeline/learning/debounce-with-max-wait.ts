// A debounce that cannot be starved. A plain debounce restarts its timer on every call, so calls
// that keep coming faster than its delay (an agent resolving a ticket every 30 s under a 30 s
// debounce) postpone the run forever. Here each call still pushes the run back by `debounceMs`,
// but never past `maxWaitMs` after the first call since the last run: a burst runs once, and a
// steady stream still runs at least every `maxWaitMs`.

export interface DebounceTiming {
  /** Quiet time after the last call before `run`. */
  debounceMs: number;
  /** Longest time from the first pending call to `run`; at least `debounceMs`. */
  maxWaitMs: number;
}

export interface Debounced {
  /** Asks for a run: after `debounceMs` without another call, or `maxWaitMs` after the first pending one. */
  schedule(): void;
  /** Drops the pending run, if any. */
  cancel(): void;
}

export function debounceWithMaxWait(run: () => void, { debounceMs, maxWaitMs }: DebounceTiming): Debounced {
  let timer: NodeJS.Timeout | undefined;
  let pendingSince: number | undefined;

  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pendingSince = undefined;
  };
  return {
    schedule() {
      const now = performance.now();
      pendingSince ??= now;
      const delay = Math.max(0, Math.min(debounceMs, pendingSince + maxWaitMs - now));
      clearTimeout(timer);
      timer = setTimeout(() => {
        cancel();
        run();
      }, delay);
      // A pending run never keeps the process alive on its own.
      timer.unref();
    },
    cancel,
  };
}
