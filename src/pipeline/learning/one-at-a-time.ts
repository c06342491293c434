// Runs a background refresh (retraining, refitting) one at a time. A request while one runs is not
// dropped, because it may carry data the running one did not read: the task runs once more
// afterwards, however many requests came meanwhile.

export interface OneAtATime {
  /** Resolves when the run in progress (or the one this call started) is done. */
  run(): Promise<void>;
  /** No further reruns are started. */
  stop(): void;
}

/** `task` must handle its own errors: a rejection here would go unobserved. */
export function oneAtATime(task: () => Promise<void>): OneAtATime {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = task().finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        void run();
      }
    });
    return running;
  };
  return {
    run,
    stop: () => {
      stopped = true;
    },
  };
}
