// SLA timers on real PostgreSQL and Redis, on a fake clock: the SLA check derives a ticket's timers
// from what is stored, takes each escalation step once, schedules its next look as a delayed BullMQ
// job at the exact instant, and after a restart (or a Redis that lost its jobs) schedules it again;
// a step whose process died between its claim and its hand-over is taken again, once.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/config.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { createSlaQueue, type BullSlaQueue } from '../../src/infra/queue/sla-queue.js';
import { createOfferPlanner } from '../../src/pipeline/offers/offer-escalations.js';
import { checkTicketSla, type CheckSlaDeps } from '../../src/pipeline/sla/check-ticket-sla.js';
import { createLadderActions } from '../../src/pipeline/sla/ladder-actions.js';
import { reconcileSlaChecks } from '../../src/pipeline/sla/reconcile-sla.js';
import { retakeStepsInFlight, STEP_LEASE_MS } from '../../src/pipeline/sla/retake-steps.js';
import { createSlaWorker } from '../../src/workers/sla-worker.js';
import { deleteRedisKeys } from '../helpers/redis-keys.js';
import { eventually } from '../helpers/eventually.js';
import { createTestDatabase } from '../helpers/test-database.js';

const MINUTE = 60_000;
// Monday 7 December 2026, 09:00 in Berlin (08:00Z); open 09:00-17:00 on weekdays, Tuesday 8 December a holiday.
const MONDAY_9 = new Date('2026-12-07T08:00:00Z');
const SLA_FILE = {
  calendars: {
    office: {
      timeZone: 'Europe/Berlin',
      hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] },
      holidaysIcsFile: 'holidays.ics',
    },
  },
  policies: {
    P3: {
      calendar: 'office',
      targets: { firstResponse: { minutes: 60 }, nextResponse: { minutes: 120 }, resolution: { minutes: 480 } },
      ladder: [
        { on: { kind: 'at_risk' }, actions: ['mention_assignee'] },
        { on: { kind: 'breached' }, actions: ['reoffer', 'mention_on_call'] },
        { on: { kind: 'breached_for', minutes: 30 }, actions: ['alert_webhook'] },
      ],
    },
  },
  onCall: { slack: 'S0ONCALL' },
};
const HOLIDAYS_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:holiday-1',
  'DTSTART;VALUE=DATE:20261208',
  'SUMMARY:Office closed',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

let services: Services;
let drop: () => Promise<void>;
let prefix: string;
let clock = MONDAY_9;
const now = () => clock;
let queue: BullSlaQueue;
let deps: CheckSlaDeps;
let agentIds: string[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'firstline-sla-'));
  writeFileSync(join(dir, 'sla.json'), JSON.stringify(SLA_FILE));
  writeFileSync(join(dir, 'holidays.ics'), HOLIDAYS_ICS);
  const database = await createTestDatabase();
  drop = database.drop;
  prefix = `fltest-sla-${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: prefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    SLA_CONFIG_FILE: join(dir, 'sla.json'),
    ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/alerts',
    ALERT_WEBHOOK_FORMAT: 'slack',
  });
  services = await openServices(config, pino({ level: 'silent' }));
  // Two agents take offers: the one a breached ticket was offered to is passed over for the other.
  agentIds = [];
  for (const name of ['ada', 'bob']) {
    const user = await services.users.create({ email: `${name}-${randomUUID()}@example.com`, passwordHash: null, role: 'AGENT' });
    agentIds.push(user.id);
  }
  queue = createSlaQueue(services.redis, prefix, now);
  deps = checkDeps(queue);
});

afterAll(async () => {
  await queue?.close();
  await services?.close();
  await drop?.();
  await deleteRedisKeys(inject('redisUrl'), prefix);
});

function checkDeps(scheduler: BullSlaQueue): CheckSlaDeps {
  const log = pino({ level: 'silent' });
  const offers = createOfferPlanner({ assignments: services.assignments, skillsFor: () => [], outcomes: services.outcomes, log });
  return {
    sla: services.sla,
    settings: services.slaSettings,
    scheduler,
    outcomes: services.outcomes,
    ladder: createLadderActions({
      tickets: services.tickets,
      settings: services.slaSettings,
      reoffer: { passOver: (ticketId, agentId) => services.assignments.passOver(ticketId, agentId), replan: () => offers.replan() },
      alerts: services.alerts,
      log,
    }),
    now,
    log,
  };
}

/** A ticket the pipeline escalated, created (and escalated) at `createdAt`. */
async function escalatedTicket(createdAt: Date): Promise<Ticket> {
  const requester = await services.users.create({ email: `c-${randomUUID()}@example.com`, passwordHash: null, role: 'USER' });
  const ticket = await services.tickets.create(
    { source: 'API', requesterId: requester.id, message: `Cannot export my invoices ${randomUUID()}` },
    { type: 'created', actor: { kind: 'system' } },
  );
  await services.db.prisma.ticket.update({ where: { id: ticket.id }, data: { createdAt } });
  const escalated = await services.tickets.transition(
    ticket.id,
    'OPEN',
    'ESCALATED',
    { escalationReason: 'low_confidence' },
    {
      type: 'triaged',
      actor: { kind: 'system' },
    },
  );
  return escalated!;
}

const stepsOf = async (ticketId: string) =>
  (await services.tickets.listEvents(ticketId)).filter((e) => e.type === 'sla_step').map((e) => (e.data as { step: string }).step);
const delayedChecks = async (ticketId: string) =>
  (await queue.queue.getDelayed()).filter((job) => job.data.ticketId === ticketId).map((job) => job.id);
const timersOf = async (ticketId: string) =>
  Object.fromEntries((await services.sla.listTimers(ticketId)).map((t) => [`${t.metric}:${t.seq}`, t.state]));

describe('SLA timers (real PostgreSQL and Redis, fake clock)', () => {
  it('stores the timers, schedules the next look at the exact instant, and takes at-risk and breach steps once each', async () => {
    clock = MONDAY_9;
    const ticket = await escalatedTicket(MONDAY_9);
    await services.assignments.setOffer(ticket.id, agentIds[0]!);

    expect(await checkTicketSla(deps, ticket.id)).toMatchObject({
      kind: 'checked',
      stepsTaken: 0,
      nextCheckAt: new Date('2026-12-07T08:45:00Z'),
    });
    expect(await timersOf(ticket.id)).toEqual({ 'firstResponse:0': 'running', 'resolution:0': 'running' });
    expect(await delayedChecks(ticket.id)).toEqual([`sla-${ticket.id}-${Date.parse('2026-12-07T08:45:00Z')}`]);

    clock = new Date('2026-12-07T08:45:00Z');
    expect(await checkTicketSla(deps, ticket.id)).toMatchObject({ stepsTaken: 1, changed: true });
    // The same look again (a retried job, a second process): nothing is taken twice.
    expect(await checkTicketSla(deps, ticket.id)).toMatchObject({ stepsTaken: 0, changed: false });
    expect(await stepsOf(ticket.id)).toEqual(['at_risk']);

    clock = new Date('2026-12-07T09:00:00Z');
    await checkTicketSla(deps, ticket.id);
    expect(await stepsOf(ticket.id)).toEqual(['at_risk', 'breached']);
    expect(await timersOf(ticket.id)).toMatchObject({ 'firstResponse:0': 'breached' });
    // Breached while offered to the first agent: offered to the other one now.
    const offered = await services.tickets.findById(ticket.id);
    expect(offered?.offeredToId).toBe(agentIds[1]);

    clock = new Date('2026-12-07T09:30:00Z');
    await checkTicketSla(deps, ticket.id);
    expect(await stepsOf(ticket.id)).toEqual(['at_risk', 'breached', 'breached_for:30']);
    const alertJobs = (await services.alerts.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
      (job) => job.data.ticketId === ticket.id,
    );
    expect(alertJobs.map((job) => job.data.sla)).toEqual([
      { metric: 'firstResponse', seq: 0, stepKey: 'breached_for:30', overdueMinutes: 30 },
    ]);
  });

  it('skips the evening and the holiday: a ticket escalated on Monday at 16:30 is due on Wednesday at 09:30', async () => {
    clock = new Date('2026-12-07T15:30:00Z');
    const ticket = await escalatedTicket(clock);
    const result = await checkTicketSla(deps, ticket.id);
    const first = (await services.sla.listTimers(ticket.id)).find((t) => t.metric === 'firstResponse');
    expect(first?.dueAt?.toISOString()).toBe('2026-12-09T08:30:00.000Z');
    // At risk after 45 business minutes: 30 on Monday, 15 on Wednesday.
    expect(result).toMatchObject({ nextCheckAt: new Date('2026-12-09T08:15:00Z') });
  });

  it('stops first response on the agent’s reply, pauses resolution while waiting on the customer, and resumes on their answer', async () => {
    clock = MONDAY_9;
    const ticket = await escalatedTicket(MONDAY_9);
    const agent = agentIds[0]!;
    await services.messages.add({ ticketId: ticket.id, authorId: agent, direction: 'OUTBOUND', body: 'Which browser?', externalId: null });
    await backdateMessages(ticket.id, new Date('2026-12-07T08:20:00Z'));
    clock = new Date('2026-12-07T10:00:00Z');
    const waiting = await checkTicketSla(deps, ticket.id);
    expect(await timersOf(ticket.id)).toEqual({ 'firstResponse:0': 'met', 'resolution:0': 'paused' });
    // Nothing changes while the customer has not answered: no look is scheduled.
    expect(waiting).toMatchObject({ nextCheckAt: null });
    expect(await stepsOf(ticket.id)).toEqual([]);

    const answer = await services.messages.add({
      ticketId: ticket.id,
      authorId: ticket.requesterId,
      direction: 'INBOUND',
      body: 'Firefox',
      externalId: null,
    });
    await services.db.prisma.message.update({ where: { id: answer!.id }, data: { createdAt: new Date('2026-12-07T10:02:00Z') } });
    clock = new Date('2026-12-07T10:05:00Z');
    await checkTicketSla(deps, ticket.id);
    expect(await timersOf(ticket.id)).toEqual({ 'firstResponse:0': 'met', 'nextResponse:1': 'running', 'resolution:0': 'running' });
  });

  it('schedules again after a restart, and after Redis lost its delayed jobs, without doubling them', async () => {
    clock = MONDAY_9;
    const ticket = await escalatedTicket(MONDAY_9);
    await checkTicketSla(deps, ticket.id);
    const before = await delayedChecks(ticket.id);
    expect(before).toHaveLength(1);

    // A restart: a new queue object on the same Redis finds the job; reconciling adds nothing.
    await queue.close();
    queue = createSlaQueue(services.redis, prefix, now);
    deps = checkDeps(queue);
    await reconcileSlaChecks({ sla: services.sla, scheduler: queue });
    expect(await delayedChecks(ticket.id)).toEqual(before);

    // Redis lost everything: reconciling from the database schedules the same check again.
    await queue.queue.obliterate({ force: true });
    expect(await delayedChecks(ticket.id)).toEqual([]);
    await reconcileSlaChecks({ sla: services.sla, scheduler: queue });
    expect(await delayedChecks(ticket.id)).toEqual(before);
  });

  it('takes again, once, a step whose process died between its claim and its hand-over, after the lease', async () => {
    clock = MONDAY_9;
    const ticket = await escalatedTicket(MONDAY_9);
    await checkTicketSla(deps, ticket.id);
    // At risk: the step is claimed, then the process dies before any action is handed over.
    clock = new Date('2026-12-07T08:45:00Z');
    const dying: CheckSlaDeps = {
      ...deps,
      ladder: {
        take: () => Promise.reject(new Error('process died')),
      },
    };
    await expect(checkTicketSla(dying, ticket.id)).rejects.toThrow('process died');
    expect(await stepsOf(ticket.id)).toEqual([]);
    // A later look (the retried job) does not take it: it is claimed.
    expect(await checkTicketSla(deps, ticket.id)).toMatchObject({ stepsTaken: 0 });
    expect(await stepsOf(ticket.id)).toEqual([]);

    // Within the lease nothing is taken again: its process may still be handing it over.
    clock = new Date(clock.getTime() + STEP_LEASE_MS - 1);
    expect(await retakeStepsInFlight(deps)).toBe(0);
    expect(await stepsOf(ticket.id)).toEqual([]);

    // Past it, two sweeps at once (two processes): one takes it.
    clock = new Date(clock.getTime() + 2);
    const taken = await Promise.all([retakeStepsInFlight(deps), retakeStepsInFlight(deps)]);
    expect(taken[0] + taken[1]).toBe(1);
    expect(await stepsOf(ticket.id)).toEqual(['at_risk']);
    const stepEvent = (await services.tickets.listEvents(ticket.id)).find((e) => e.type === 'sla_step');
    expect(stepEvent?.data).toMatchObject({
      metric: 'firstResponse',
      seq: 0,
      step: 'at_risk',
      actions: ['mention_assignee'],
      overdueMinutes: 0,
    });

    // Handed over: never again.
    clock = new Date(clock.getTime() + 10 * STEP_LEASE_MS);
    expect(await retakeStepsInFlight(deps)).toBe(0);
    expect(await stepsOf(ticket.id)).toEqual(['at_risk']);
    expect(await services.db.prisma.slaStepInFlight.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('drops, without a late notice, a step left in flight for a ticket that has since been resolved', async () => {
    clock = MONDAY_9;
    const ticket = await escalatedTicket(MONDAY_9);
    clock = new Date('2026-12-07T08:45:00Z');
    await expect(
      checkTicketSla({ ...deps, ladder: { take: () => Promise.reject(new Error('process died')) } }, ticket.id),
    ).rejects.toThrow();
    await services.tickets.transition(
      ticket.id,
      'ESCALATED',
      'RESOLVED',
      { response: 'Fixed.' },
      { type: 'resolved', actor: { kind: 'system' } },
    );

    clock = new Date(clock.getTime() + STEP_LEASE_MS + 1);
    expect(await retakeStepsInFlight(deps)).toBe(0);
    expect(await stepsOf(ticket.id)).toEqual([]);
    expect(await services.db.prisma.slaStepInFlight.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('leaves nothing in flight once a step is handed over', async () => {
    clock = MONDAY_9;
    const ticket = await escalatedTicket(MONDAY_9);
    clock = new Date('2026-12-07T09:00:00Z');
    expect(await checkTicketSla(deps, ticket.id)).toMatchObject({ stepsTaken: 2 });
    expect(await services.db.prisma.slaStepInFlight.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('fires from the delayed job itself: the worker takes the step when the instant comes', async () => {
    // The fake clock runs 900 ms ahead of the at-risk instant's real counterpart.
    const escalatedAt = MONDAY_9;
    const atRisk = new Date(escalatedAt.getTime() + 45 * MINUTE);
    const offset = atRisk.getTime() - (Date.now() + 900);
    const runningClock = () => new Date(Date.now() + offset);
    const liveQueue = createSlaQueue(services.redis, prefix, runningClock);
    const live = { ...checkDeps(liveQueue), now: runningClock };
    const worker = createSlaWorker({ connection: services.workerRedis, prefix, check: live, log: pino({ level: 'silent' }) });
    void worker.run();
    try {
      const ticket = await escalatedTicket(escalatedAt);
      await liveQueue.checkNow(ticket.id);
      await eventually(async () => (await stepsOf(ticket.id)).length > 0, 'the at-risk step', 10_000);
      expect(await stepsOf(ticket.id)).toEqual(['at_risk']);
      expect(await timersOf(ticket.id)).toMatchObject({ 'firstResponse:0': 'at_risk' });
    } finally {
      await worker.close();
      await liveQueue.close();
    }
  });
});

async function backdateMessages(ticketId: string, to: Date): Promise<void> {
  await services.db.prisma.message.updateMany({ where: { ticketId }, data: { createdAt: to } });
}
