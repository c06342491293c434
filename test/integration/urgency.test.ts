// Urgency through the real pipeline: scored on the way in, stored, used as the queue's priority and,
// under the default policy, sending urgent tickets to a person however confident the classifier is.
import { Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { TRIAGE_QUEUE } from '../../src/pipeline/jobs/job-contracts.js';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.js';
import type { TicketView } from '../helpers/tickets.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function ask(testApp: TestApp, auth: Record<string, string>, message: string, wait = true): Promise<TicketView> {
  const res = await testApp.request({ method: 'POST', url: wait ? '/tickets?wait=10' : '/tickets', headers: auth, payload: { message } });
  expect(res.statusCode).toBe(wait ? 200 : 202);
  return res.json<TicketView>();
}

describe('urgency', () => {
  it('makes an outage P1 and, under the default policy, escalates it as urgent even though the classifier is confident', async () => {
    app = await startTestApp();
    const { auth } = await signUp(app);
    const urgent = await ask(app, auth, 'URGENT: I cannot log in, your whole site is down!');
    expect(urgent).toMatchObject({ priority: 'P1', urgency: 'CRITICAL', status: 'ESCALATED', escalation_reason: 'urgent' });
    expect(urgent.urgency_score).toBeGreaterThanOrEqual(0.8);
    const calm = await ask(app, auth, 'I forgot my password and cannot log in');
    expect(calm).toMatchObject({ priority: 'P3', status: 'AUTO_RESOLVED' });
    const created = (await app.running.services.tickets.listEvents(urgent.id)).find((e) => e.type === 'created');
    expect(created?.data).toMatchObject({ urgency: { cues: expect.arrayContaining(['outage', 'urgent']) } });
  });

  it('answers a confident urgent ticket under URGENT_POLICY=answer_and_alert', async () => {
    app = await startTestApp({ URGENT_POLICY: 'answer_and_alert' });
    const { auth } = await signUp(app);
    expect(await ask(app, auth, 'URGENT!! I forgot my password and cannot log in')).toMatchObject({ status: 'AUTO_RESOLVED' });
  });

  it('queues tickets by priority, first come first served within one', async () => {
    app = await startTestApp({}, ['api']);
    const { auth } = await signUp(app);
    const order = [
      await ask(app, auth, 'How do I change my avatar?', false),
      await ask(app, auth, 'Where are the invoices?', false),
      await ask(app, auth, 'Our whole site is down since this morning', false),
      await ask(app, auth, 'please help asap with the export', false),
      await ask(app, auth, 'I think my account was hacked', false),
    ];
    expect(order.map((t) => t.priority)).toEqual(['P3', 'P3', 'P1', 'P2', 'P1']);

    // The order a worker takes them in, straight from the queue.
    const taken: string[] = [];
    const { config, workerRedis } = app.running.services;
    const worker = new Worker(TRIAGE_QUEUE, async (job) => void taken.push(job.data.ticketId as string), {
      connection: workerRedis.duplicate(),
      prefix: config.redis.queuePrefix,
      concurrency: 1,
    });
    try {
      const started = Date.now();
      while (taken.length < order.length && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await worker.close();
    }
    expect(taken).toEqual([order[2]!.id, order[4]!.id, order[3]!.id, order[0]!.id, order[1]!.id]);
  });
});
