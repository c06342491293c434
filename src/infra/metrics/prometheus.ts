// Prometheus metrics for GET /metrics, on a registry of our own (tests start several services in
// one process). Counters are per process: scrape every process that runs a worker.
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerStates } from '../../domain/resilience.js';

const BREAKER_STATES = ['closed', 'half_open', 'open'] as const;

export interface PipelineMetrics {
  registry: Registry;
  recordTriage(
    outcome: { status: string; intent: string | null; reason: string | null; replySource: string | null },
    seconds: number,
  ): void;
  setClassifierVersion(version: string): void;
  /** A chat delivery finished: delivered, already delivered, skipped, or failed for good. */
  recordDelivery(labels: { platform: string; kind: string; result: string }): void;
}

export function createPipelineMetrics(queues: Record<string, Queue>, breakers: BreakerStates): PipelineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'firstline_' });
  const tickets = new Counter({
    name: 'firstline_tickets_triaged_total',
    help: 'Tickets decided by the pipeline, by outcome, intent, escalation reason and reply source.',
    labelNames: ['outcome', 'intent', 'reason', 'reply_source'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'firstline_pipeline_duration_seconds',
    help: 'Time from a triage job starting to its decision being stored.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const classifier = new Gauge({
    name: 'firstline_classifier_info',
    help: 'The classifier in use (value 1), labelled with its version.',
    labelNames: ['version'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'firstline_chat_deliveries_total',
    help: 'Chat messages by platform, kind (header, customer, agents, relay) and result.',
    labelNames: ['platform', 'kind', 'result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'firstline_queue_jobs',
    help: 'Jobs in the queues by state.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    // Read at scrape time, so the figure is current and costs nothing between scrapes.
    async collect() {
      this.reset();
      for (const [name, queue] of Object.entries(queues)) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
      }
    },
  });
  new Gauge({
    name: 'firstline_circuit_breaker_state',
    help: 'Circuit breaker of each outbound dependency: 1 for its current state (closed, half_open, open), 0 for the others.',
    labelNames: ['dependency', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [dependency, current] of Object.entries(breakers.states())) {
        for (const state of BREAKER_STATES) this.set({ dependency, state }, state === current ? 1 : 0);
      }
    },
  });
  return {
    registry,
    recordTriage(outcome, seconds) {
      tickets.inc({
        outcome: outcome.status.toLowerCase(),
        intent: outcome.intent ?? 'none',
        reason: outcome.reason ?? 'none',
        reply_source: outcome.replySource?.toLowerCase() ?? 'none',
      });
      latency.observe(seconds);
    },
    recordDelivery(labels) {
      deliveries.inc(labels);
    },
    setClassifierVersion(version) {
      classifier.reset();
      classifier.set({ version }, 1);
    },
  };
}
