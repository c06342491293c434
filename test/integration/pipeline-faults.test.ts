// The triage pipeline's failure paths through real Redis and PostgreSQL: a worker of the test's own
// with one dependency made faulty, the sweeper that re-enqueues OPEN tickets, and the start-up sweep.
import type { Worker } from 'bullmq';
import { isOfferKey, isSlaKey } from '../../src/domain/ticket-event.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFirstline } from '../../src/app/roles.js';
import type { Services } from '../../src/app/services.js';
import type { OutcomePublisher } from '../../src/domain/ports/tickets.js';
import type { SolutionIndex } from '../../src/domain/ports/learning.js';
import type { TicketRepository } from '../../src/domain/ports/tickets.js';
import type { TriageQueue } from '../../src/domain/ports/triage.js';
import { sweepOpenTickets } from '../../src/pipeline/tickets/sweep-open-tickets.js';
import { triageTicket, type TriageDeps } from '../../src/pipeline/triage/triage-ticket.js';
import {
  auditOf,
  completedTriageJob,
  outcomeJobsFor,
  PASSWORD_MESSAGE,
  pipelineDeps,
  reenqueue,
  runTriageWorker,
  storedTicket,
  triagedEvents,
  WEATHER_MESSAGE,
} from '../helpers/pipeline.js';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import { openTicket } from '../helpers/tickets.js';

// The API alone: each test runs the worker it needs, built from these services.
let app: TestApp;
let services: Services;
let deps: TriageDeps;
let auth: Record<string, string>;
beforeAll(async () => {
  app = await startTestApp({}, ['api']);
  services = app.running.services;
  deps = await pipelineDeps(services);
  auth = (await signUp(app)).auth;
});
afterAll(() => app.stop());

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});
function work(triage: TriageDeps): Worker {
  const worker = runTriageWorker(services, triage);
  workers.push(worker);
  return worker;
}

/** Opens a ticket through the API, and waits for its job to be in Redis. */
async function open(message: string) {
  const ticket = await openTicket(app, auth, message);
  await services.queue.enqueued();
  return ticket;
}
const triageJobs = () => services.queue.queue;

/** The one outcome the pipeline published for the ticket: its id and payload (offers to agents aside). */
async function expectOneOutcome(ticketId: string, status: string): Promise<void> {
  const jobs = (await outcomeJobsFor(services, ticketId)).filter((job) => !isOfferKey(job.data.eventKey) && !isSlaKey(job.data.eventKey));
  expect(jobs.map((job) => ({ id: job.id, data: job.data }))).toEqual([
    { id: `${ticketId}-triaged`, data: { ticketId, status, eventKey: 'triaged' } },
  ]);
  expect(await services.outcomes.queue.getJob(`${ticketId}-triaged`)).toBeDefined();
}

describe('a pipeline step that throws', () => {
  it('escalates with classifier_error when the classifier throws, and publishes one outcome', async () => {
    const broken = {
      version: 'broken-model',
      predict: () => {
        throw new Error('model state is corrupt');
      },
    };
    work({ ...deps, model: () => broken });
    const ticket = await open(PASSWORD_MESSAGE);

    const job = await completedTriageJob(services, ticket.id);
    expect(job.returnvalue).toMatchObject({ kind: 'decided', status: 'ESCALATED', reason: 'classifier_error' });
    expect(await storedTicket(services, ticket.id)).toMatchObject({
      status: 'ESCALATED',
      escalationReason: 'classifier_error',
      response: null,
    });
    const audit = await auditOf(services, ticket.id);
    expect(audit).toMatchObject({
      decision: 'escalate',
      reason: 'classifier_error',
      intent: null,
      replySource: null,
      modelVersion: 'broken-model',
    });
    expect(audit.failures).toEqual([{ step: 'classify', error: 'model state is corrupt' }]);
    await expectOneOutcome(ticket.id, 'ESCALATED');
  });

  it('still decides from the classifier when the similar-ticket search throws, and records the failure', async () => {
    const brokenIndex: SolutionIndex = {
      size: 0,
      search: () => {
        throw new Error('index is being rebuilt');
      },
      upsert: () => undefined,
      remove: () => false,
      withAnswer: () => undefined,
    };
    work({ ...deps, solutions: brokenIndex });
    const ticket = await open(PASSWORD_MESSAGE);

    await completedTriageJob(services, ticket.id);
    const stored = await storedTicket(services, ticket.id);
    expect(stored).toMatchObject({ status: 'AUTO_RESOLVED', intent: 'login_issue', responseSource: 'TEMPLATE', matchedTicketId: null });
    expect(stored.response).toContain('password');
    const audit = await auditOf(services, ticket.id);
    expect(audit).toMatchObject({
      decision: 'auto_resolve',
      reason: null,
      intent: 'login_issue',
      similar: [],
      candidates: expect.arrayContaining([expect.objectContaining({ kind: 'template' })]),
    });
    expect(audit.failures).toEqual([{ step: 'similar', error: 'index is being rebuilt' }]);
    await expectOneOutcome(ticket.id, 'AUTO_RESOLVED');
  });
});

describe('running a ticket more than once', () => {
  it('leaves exactly one outcome when a retry follows a crash between deciding and publishing', async () => {
    let publishes = 0;
    const crashingOnce: OutcomePublisher = {
      async publish(outcome) {
        publishes++;
        if (publishes === 1) throw new Error('worker died before publishing');
        await services.outcomes.publish(outcome);
      },
    };
    // The job POST /tickets enqueued, with the queue's own retry options.
    const ticket = await open(PASSWORD_MESSAGE);
    work({ ...deps, outcomes: crashingOnce });

    const job = await completedTriageJob(services, ticket.id);
    // The retry found the decision stored and only published it.
    expect(job.returnvalue).toEqual({ kind: 'skipped', reason: 'already_triaged' });
    expect(publishes).toBe(2);
    expect(await storedTicket(services, ticket.id)).toMatchObject({ status: 'AUTO_RESOLVED', responseSource: 'TEMPLATE' });
    expect(await triagedEvents(services, ticket.id)).toHaveLength(1);
    await expectOneOutcome(ticket.id, 'AUTO_RESOLVED');
  });

  it('records exactly one decision when two runs triage the same OPEN ticket at the same time', async () => {
    const ticket = await open(PASSWORD_MESSAGE);
    await triageJobs().remove(ticket.id); // no worker joins in: the two runs below are the only ones
    // Both runs read the ticket while it is still OPEN before either stores its decision.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const racing: TicketRepository = {
      ...services.tickets,
      async findById(id) {
        const found = await services.tickets.findById(id);
        if (++arrived === 2) release();
        await bothRead;
        return found;
      },
    };

    const outcomes = await Promise.all([1, 2].map((attempt) => triageTicket({ ...deps, tickets: racing }, ticket.id, attempt)));

    expect(outcomes.map((o) => o.kind).sort()).toEqual(['decided', 'skipped']);
    expect(await triagedEvents(services, ticket.id)).toHaveLength(1);
    expect((await storedTicket(services, ticket.id)).status).toBe('AUTO_RESOLVED');
    await expectOneOutcome(ticket.id, 'AUTO_RESOLVED');
  });
});

describe('storing the decision keeps failing', () => {
  it('escalates with pipeline_error on the last attempt', async () => {
    let autoResolveTries = 0;
    const failing: TicketRepository = {
      ...services.tickets,
      async transition(id, from, to, patch, event) {
        if (to === 'AUTO_RESOLVED') {
          autoResolveTries++;
          throw new Error('could not serialize access due to concurrent update');
        }
        return services.tickets.transition(id, from, to, patch, event);
      },
    };
    const ticket = await open(PASSWORD_MESSAGE);
    await reenqueue(services, ticket.id, { attempts: 3 });
    work({ ...deps, tickets: failing });

    const job = await completedTriageJob(services, ticket.id);
    expect(autoResolveTries).toBe(3);
    expect(job.returnvalue).toMatchObject({ kind: 'decided', status: 'ESCALATED', reason: 'pipeline_error' });
    expect(await storedTicket(services, ticket.id)).toMatchObject({
      status: 'ESCALATED',
      escalationReason: 'pipeline_error',
      response: null,
    });
    expect(await auditOf(services, ticket.id)).toEqual({
      decision: 'escalate',
      reason: 'pipeline_error',
      error: 'could not serialize access due to concurrent update',
    });
    await expectOneOutcome(ticket.id, 'ESCALATED');
  });
});

describe('sweeping OPEN tickets', () => {
  /** Runs one sweep and reports what requeue() answered for each ticket it looked at. */
  async function sweep(graceMs: number, now?: Date) {
    const results = new Map<string, Awaited<ReturnType<TriageQueue['requeue']>>>();
    const queue: TriageQueue = {
      ...services.queue,
      async requeue(id, priority) {
        const result = await services.queue.requeue(id, priority);
        results.set(id, result);
        return result;
      },
    };
    const { requeued } = await sweepOpenTickets({ tickets: services.tickets, queue, log: services.log }, graceMs, now);
    expect(requeued).toBe([...results.values()].filter((r) => r !== 'pending').length);
    return results;
  }

  /** The worker decides the ticket exactly once. */
  async function expectDecidedOnce(ticketId: string): Promise<void> {
    await completedTriageJob(services, ticketId);
    expect((await storedTicket(services, ticketId)).status).toBe('AUTO_RESOLVED');
    expect(await triagedEvents(services, ticketId)).toHaveLength(1);
  }

  it('re-enqueues an OPEN ticket whose job vanished, and a worker then decides it', async () => {
    const ticket = await open(PASSWORD_MESSAGE);
    await triageJobs().remove(ticket.id);

    expect((await sweep(0)).get(ticket.id)).toBe('enqueued');
    // Every triage job has a priority (the ticket's), so it waits in BullMQ's prioritized set.
    expect(await triageJobs().getJobState(ticket.id)).toBe('prioritized');
    expect((await triageJobs().getJob(ticket.id))?.opts.priority).toBe(3);
    work(deps);
    await expectDecidedOnce(ticket.id);
  });

  it('retries a ticket whose job failed for good', async () => {
    const ticket = await open(PASSWORD_MESSAGE);
    await reenqueue(services, ticket.id, { attempts: 1 });
    const databaseDown: TicketRepository = { ...services.tickets, transition: () => Promise.reject(new Error('database is down')) };
    const broken = work({ ...deps, tickets: databaseDown });
    await expect.poll(() => triageJobs().getJobState(ticket.id), { timeout: 10_000 }).toBe('failed');
    await broken.close();
    expect((await storedTicket(services, ticket.id)).status).toBe('OPEN');

    expect((await sweep(0)).get(ticket.id)).toBe('retried');
    work(deps);
    await expectDecidedOnce(ticket.id);
  });

  it('retries the failed job of a ticket decided but never published, so its outcome still goes out', async () => {
    const ticket = await open(PASSWORD_MESSAGE);
    await reenqueue(services, ticket.id, { attempts: 1 });
    const redisDown: OutcomePublisher = { publish: () => Promise.reject(new Error('redis is down')) };
    const broken = work({ ...deps, outcomes: redisDown });
    await expect.poll(() => triageJobs().getJobState(ticket.id), { timeout: 10_000 }).toBe('failed');
    await broken.close();
    expect((await storedTicket(services, ticket.id)).status).toBe('AUTO_RESOLVED');
    expect(await services.outcomes.queue.getJob(`${ticket.id}-triaged`)).toBeUndefined();

    const { retried } = await sweepOpenTickets({ tickets: services.tickets, queue: services.queue, log: services.log }, 0);
    expect(retried).toBeGreaterThanOrEqual(1);
    work(deps);
    await expect.poll(() => triageJobs().getJobState(ticket.id), { timeout: 10_000 }).toBe('completed');
    await expectOneOutcome(ticket.id, 'AUTO_RESOLVED');
    expect(await triagedEvents(services, ticket.id)).toHaveLength(1);
  });

  it('does not retry a job that failed because its data was invalid', async () => {
    await triageJobs().add('triage', { ticketId: 'not-a-uuid' } as never, { jobId: 'invalid-job' });
    work(deps);
    await expect.poll(() => triageJobs().getJobState('invalid-job'), { timeout: 10_000 }).toBe('failed');
    await sweepOpenTickets({ tickets: services.tickets, queue: services.queue, log: services.log }, 0);
    expect(await triageJobs().getJobState('invalid-job')).toBe('failed');
  });

  it('leaves an OPEN ticket alone while it is younger than the grace period', async () => {
    const ticket = await open(PASSWORD_MESSAGE);
    await triageJobs().remove(ticket.id);

    expect((await sweep(60_000)).has(ticket.id)).toBe(false);
    expect(await triageJobs().getJob(ticket.id)).toBeUndefined();

    // Two minutes on, it is past the grace period.
    expect((await sweep(60_000, new Date(Date.now() + 120_000))).get(ticket.id)).toBe('enqueued');
    work(deps);
    await expectDecidedOnce(ticket.id);
  });

  it('leaves a ticket whose job is still waiting alone', async () => {
    const ticket = await open(PASSWORD_MESSAGE);
    const before = await triageJobs().getJob(ticket.id);

    expect((await sweep(0)).get(ticket.id)).toBe('pending');
    const after = await triageJobs().getJob(ticket.id);
    expect(await after?.getState()).toBe('prioritized');
    expect(after?.timestamp).toBe(before?.timestamp);
    work(deps);
    await expectDecidedOnce(ticket.id);
  });

  it('decides the OPEN tickets without a job that it finds when a service starts', async () => {
    const tickets = [await open(PASSWORD_MESSAGE), await open(WEATHER_MESSAGE)];
    // As if Redis had lost the queue while no worker ran: only the database knows these tickets.
    for (const ticket of tickets) await triageJobs().remove(ticket.id);

    // A second, full instance on this app's database and queue; its periodic sweep (60 s grace)
    // would not take tickets this young, so the start-up sweep must.
    const instance = await startFirstline(services.config, services.log, ['api', 'worker']);
    try {
      await Promise.all(tickets.map((ticket) => completedTriageJob(services, ticket.id)));
    } finally {
      await instance.stop();
    }
    expect(await storedTicket(services, tickets[0]!.id)).toMatchObject({ status: 'AUTO_RESOLVED', responseSource: 'TEMPLATE' });
    expect(await storedTicket(services, tickets[1]!.id)).toMatchObject({ status: 'ESCALATED', escalationReason: 'unknown_intent' });
  });
});

describe('the sweeper in a running service', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp({ SWEEP_INTERVAL_SECONDS: '1', OPEN_TICKET_GRACE_SECONDS: '5' });
  });
  afterAll(() => service.stop());

  it('decides a ticket left OPEN long ago without a job within a few sweeps', async () => {
    const requester = await signUp(service);
    const { services: running } = service.running;
    const ticket = await running.db.prisma.ticket.create({
      data: { source: 'API', requesterId: requester.id, message: PASSWORD_MESSAGE, createdAt: new Date(Date.now() - 10 * 60_000) },
    });

    await expect
      .poll(async () => (await storedTicket(running, ticket.id)).status, { timeout: 15_000, interval: 200 })
      .toBe('AUTO_RESOLVED');
    expect(await triagedEvents(running, ticket.id)).toHaveLength(1);
  });
});
