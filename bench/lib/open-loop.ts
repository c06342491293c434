// An open-loop load generator: requests leave at evenly spaced times whatever the service does,
// as independent customers' would, so a slow service meets a growing queue instead of a politely
// waiting client. (autocannon's fixed rate starts every connection on the same tick: its bursts
// measured the burst, not the rate.) Each request's latency counts from its scheduled time.
import { percentile, sleep } from './bench-env.js';

export interface OpenLoopResult {
  sent: number;
  /** Answers by status code; 0 for a request that failed without one (reset, timeout). */
  byStatus: Record<number, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same for 2xx answers only. */
  acceptedP99Ms: number;
}

export async function openLoop(
  send: () => Promise<Response>,
  ratePerSecond: number,
  seconds: number,
  timeoutMs = 30_000,
): Promise<OpenLoopResult> {
  const total = Math.round(ratePerSecond * seconds);
  const start = performance.now();
  const latencies: number[] = [];
  const accepted: number[] = [];
  const byStatus: Record<number, number> = {};
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      (async () => {
        let status = 0;
        try {
          const res = await Promise.race([send(), sleep(timeoutMs).then(() => null)]);
          if (res) {
            status = res.status;
            await res.arrayBuffer();
          }
        } catch {
          status = 0;
        }
        const ms = performance.now() - due;
        latencies.push(ms);
        if (status >= 200 && status < 300) accepted.push(ms);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      })(),
    );
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  accepted.sort((a, b) => a - b);
  const r = (ms: number) => Math.round(ms);
  return {
    sent: total,
    byStatus,
    p50Ms: r(percentile(latencies, 0.5)),
    p99Ms: r(percentile(latencies, 0.99)),
    maxMs: r(latencies.at(-1) ?? NaN),
    acceptedP99Ms: r(percentile(accepted, 0.99)),
  };
}
