// The triage pipeline wired from a running test app's services, the way start-worker.ts wires it,
// so a test can run its own worker (or triageTicket itself) with one part swapped for a faulty one.
import type { Job, Worker } from 'bullmq';
import { expect } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { triageSettings } from '../../src/app/start-worker.js';
import { DEFAULT_ANSWER_MODEL } from '../../src/domain/answer-confidence.js';
import type { TicketEvent } from '../../src/domain/ticket-event.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { loadIntentPack } from '../../src/intents/intent-pack.js';
import { gatherTrainingData, loadOrTrainModel } from '../../src/pipeline/learning/intent-model.js';
import type { OutcomeJob, TriageJob } from '../../src/pipeline/jobs/job-contracts.js';
import { createSolutionIndex } from '../../src/pipeline/learning/solution-index.js';
import { type TriageDeps, type TriageOutcome } from '../../src/pipeline/triage/triage-ticket.js';
import { createTriageWorker } from '../../src/workers/triage-worker.js';

/** Clear enough for the default pack to auto-resolve it from a template. */
export const PASSWORD_MESSAGE = 'I forgot my password and cannot log in';
/** Out of scope: the default pack classifies it `unknown`. */
export const WEATHER_MESSAGE = 'What is the weather in Paris tomorrow?';

/** The worker's dependencies: real repositories, queue and outcome feed, the real classifier, the default answer model, an empty index, no LLM. */
export async function pipelineDeps(services: Services): Promise<TriageDeps> {
  const pack = await loadIntentPack();
  const intents = new Map(pack.intents.map((i) => [i.name, i]));
  const { model } = await loadOrTrainModel(services, await gatherTrainingData(services.learning, pack));
  return {
    tickets: services.tickets,
    model: () => model,
    solutions: createSolutionIndex(),
    intents: () => intents,
    answerModel: () => DEFAULT_ANSWER_MODEL,
    trackRecords: services.candidates,
    candidates: services.candidates,
    outcomes: services.outcomes,
    writer: undefined,
    settings: triageSettings(services.config),
    log: services.log,
  };
}

/** A running triage worker on the app's queue; the caller closes it. */
export function runTriageWorker(services: Services, triage: TriageDeps, concurrency = 2): Worker<TriageJob, TriageOutcome> {
  const worker = createTriageWorker({
    connection: services.workerRedis,
    prefix: services.config.redis.queuePrefix,
    concurrency,
    triage,
    log: services.log,
  });
  void worker.run();
  return worker;
}

/** Replaces the job POST /tickets enqueued with one carrying the test's own retry options. */
export async function reenqueue(services: Services, ticketId: string, opts: { attempts: number; backoff?: number }): Promise<void> {
  const { queue } = services.queue;
  await services.queue.enqueued(); // the job the ticket was opened with, first
  await queue.remove(ticketId);
  await queue.add(
    'triage',
    { ticketId },
    { jobId: ticketId, attempts: opts.attempts, backoff: { type: 'fixed', delay: opts.backoff ?? 50 } },
  );
}

/** Waits until the ticket's triage job has completed (decision stored and outcome published), and returns it. */
export async function completedTriageJob(services: Services, ticketId: string, timeout = 15_000): Promise<Job<TriageJob, TriageOutcome>> {
  await expect.poll(() => services.queue.queue.getJobState(ticketId), { timeout, interval: 100 }).toBe('completed');
  return (await services.queue.queue.getJob(ticketId)) as Job<TriageJob, TriageOutcome>;
}

/** The ticket as stored now. */
export async function storedTicket(services: Services, ticketId: string): Promise<Ticket> {
  const ticket = await services.tickets.findById(ticketId);
  if (!ticket) throw new Error(`ticket ${ticketId} is not in the database`);
  return ticket;
}

export async function triagedEvents(services: Services, ticketId: string): Promise<TicketEvent[]> {
  return (await services.tickets.listEvents(ticketId)).filter((e) => e.type === 'triaged');
}

/** The one `triaged` event's data (asserting there is exactly one). */
export async function auditOf(services: Services, ticketId: string): Promise<Record<string, unknown>> {
  const events = await triagedEvents(services, ticketId);
  expect(events).toHaveLength(1);
  return events[0]!.data as Record<string, unknown>;
}

/** Every job in the outcome feed about this ticket, whatever its state. */
export async function outcomeJobsFor(services: Services, ticketId: string): Promise<Job<OutcomeJob>[]> {
  const jobs = await services.outcomes.queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
  return jobs.filter((job) => job.data.ticketId === ticketId);
}
