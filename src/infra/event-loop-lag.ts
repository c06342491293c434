// How late this process's event loop runs, for work that can wait to give way to work that
// cannot. In one process (`firstline start`) the pipeline worker and the API share the loop; under
// overload, a worker taking one job after another keeps every HTTP answer (even a 503) waiting
// behind it: on the embedded default offered 4x what it decides, p99 was 10 to 21 s (and a cold
// start saw requests time out). The worker checks this gate before each job and waits (at most
// WORKER_MAX_WAIT_PER_JOB_MS) while the loop is late, so requests get through and the guards can
// refuse fast: 1.4 to 6.3 s in the same runs. It costs some decide rate near capacity.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const SAMPLE_MS = 100;
const STEP_MS = 20;

export interface LoopLagGate {
  /** Resolves once the loop is on time again, or after `maxWaitMs` whatever it is. */
  whenOnTime(maxWaitMs: number): Promise<void>;
  close(): void;
}

export function createLoopLagGate(maxLagMs: number): LoopLagGate {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lagMs = 0;
  const timer = setInterval(() => {
    lagMs = histogram.mean / 1e6;
    histogram.reset();
  }, SAMPLE_MS);
  timer.unref();
  return {
    async whenOnTime(maxWaitMs) {
      const until = performance.now() + maxWaitMs;
      while (lagMs > maxLagMs && performance.now() < until) await new Promise((r) => setTimeout(r, STEP_MS));
    },
    close() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
