// Every worker's passage library follows the knowledge sources stored in PostgreSQL, told of changes
// over Redis, and sources are synced again on a schedule (a BullMQ job scheduler).
//
// How the tests reach a worker's library: RunningFirstline does not expose worker internals, so each
// test that needs one starts a worker with the app's own services (same database, same Redis queue
// prefix) through startWorker, exactly as the worker role does, and searches the library it returns.
// The app's own worker runs beside it and takes its share of the jobs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type StopStep } from '../../src/app/start-worker.js';
import { runKbCommand } from '../../src/bin/kb-command.js';
import type { PassageLibrary } from '../../src/domain/ports/knowledge.js';
import { createKnowledgeSyncQueue, KNOWLEDGE_SYNC_SCHEDULER } from '../../src/infra/queue/knowledge-sync-queue.js';
import { createLogger } from '../../src/infra/logger.js';
import { subscribeToPassageChanges } from '../../src/infra/queue/passage-changes.js';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/net.js';
import { createStaff, startTestApp, type TestApp } from '../helpers/test-app.js';

const SYNC_MINUTES = 45;

const BILLING = `# Billing

## Refunds

A refund goes back to the card you paid with within five business days.

## Invoices

Download any invoice as a PDF from the Billing page.
`;

const ACCOUNT = `<html><head><title>Your account</title></head><body>
<h1>Your account</h1>
<h2 id="password">Reset your password</h2>
<p>Click "Forgot password" on the sign-in page and follow the link we email you.</p>
</body></html>`;

const SHIPPING = `# Shipping\n\nParcels leave our warehouse within two days of the order.\n`;

let app: TestApp;
let admin: Record<string, string>;
let docs: string;
let offlineDocs: string;
const stops: StopStep[] = [];

/** A worker beside the app's own, on its services; its stop steps run before the app stops. */
async function startExtraWorker(): Promise<PassageLibrary> {
  return (await startWorker(app.running.services, stops)).passages;
}

const topText = async (library: PassageLibrary, message: string): Promise<string | undefined> =>
  (await library.search(message, 3))[0]?.passage.text;

beforeAll(async () => {
  app = await startTestApp({ KB_SYNC_INTERVAL_MINUTES: String(SYNC_MINUTES) });
  admin = (await createStaff(app, 'ADMIN')).auth;
  docs = await mkdtemp(join(tmpdir(), 'firstline-kb-library-'));
  await writeFile(join(docs, 'billing.md'), BILLING);
  await writeFile(join(docs, 'account.html'), ACCOUNT);
  offlineDocs = await mkdtemp(join(tmpdir(), 'firstline-kb-offline-'));
  await writeFile(join(offlineDocs, 'shipping.md'), SHIPPING);
});

afterAll(async () => {
  for (const step of [...stops].reverse()) await step.stop();
  await app?.stop();
  for (const dir of [docs, offlineDocs]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe("workers' passage libraries", () => {
  let library: PassageLibrary;

  it('finds the passages of a source added over the API', async () => {
    library = await startExtraWorker();
    expect(library.size).toBe(0);
    const res = await app.request({
      method: 'POST',
      url: '/admin/knowledge-sources',
      headers: admin,
      payload: { location: docs, name: 'help' },
    });
    expect(res.statusCode).toBe(201);
    const found = await eventually(
      async () => (await library.search('how long does a refund to my card take', 3))[0],
      'the refund passage',
    );
    expect(found.passage).toMatchObject({ pageTitle: 'Billing', headingPath: ['Refunds'] });
    expect(found.passage.text).toContain('five business days');
    expect(await topText(library, 'forgot password')).toContain('Forgot password');
  });

  it('loads every stored passage in a worker started after the source was added', async () => {
    const later = await startExtraWorker();
    expect(later.size).toBe(library.size);
    expect(await topText(later, 'refund card')).toContain('five business days');
  });

  it('no longer finds a page that a sync found removed', async () => {
    await rm(join(docs, 'account.html'));
    const res = await app.request({ method: 'POST', url: '/admin/knowledge-sources/help/sync', headers: admin });
    expect(res.json().changes.removed).toBeGreaterThan(0);
    await eventually(async () => (await library.search('forgot password sign-in', 3)).length === 0, 'the account page to be gone');
    expect(await topText(library, 'refund card')).toContain('five business days');
  });

  it('schedules the re-sync with the configured interval, and a run of it picks up a changed file', async () => {
    const { redis, config } = app.running.services;
    const sync = createKnowledgeSyncQueue(redis, config.redis.queuePrefix);
    try {
      const scheduler = await sync.queue.getJobScheduler(KNOWLEDGE_SYNC_SCHEDULER);
      expect(scheduler?.every).toBe(SYNC_MINUTES * 60_000);

      await writeFile(join(docs, 'billing.md'), BILLING.replace('five business days', 'ten business days'));
      // Rather than waiting for the schedule: the job it would make.
      await sync.queue.add('sync-all', {});
      await eventually(async () => (await topText(library, 'refund card'))?.includes('ten business days'), 'the changed refund passage');
      expect((await library.search('refund card', 5)).some((h) => h.passage.text.includes('five business days'))).toBe(false);
    } finally {
      await sync.close();
    }
  });

  it('stores a change made by `firstline kb` while Redis is unreachable, and workers catch up at the next scheduled sync', async () => {
    const { config } = app.running.services;
    const lines: string[] = [];
    const log = createLogger({
      level: 'warn',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
    const out = { stdout: { write: () => true }, stderr: { write: (s: string) => lines.push(s) > 0 } };
    const offline = { ...config, redis: { ...config.redis, url: `redis://127.0.0.1:${await freePort()}` } };
    expect(await runKbCommand(offline, log, ['add', offlineDocs, '--name', 'shipping'], out)).toBe(0);
    expect(lines.join('')).toContain('could not tell the workers');

    const { redis } = app.running.services;
    const sync = createKnowledgeSyncQueue(redis, config.redis.queuePrefix);
    try {
      await sync.queue.add('sync-all', {});
      await eventually(async () => (await topText(library, 'parcels warehouse'))?.includes('two days'), 'the shipping passage');
    } finally {
      await sync.close();
    }
  });

  it('is emptied when the sources are removed', async () => {
    for (const name of ['help', 'shipping']) {
      const res = await app.request({ method: 'DELETE', url: `/admin/knowledge-sources/${name}`, headers: admin });
      expect(res.statusCode).toBe(204);
    }
    await eventually(async () => library.size === 0, 'an empty library');
    expect(await library.search('refund card', 3)).toEqual([]);
  });

  it('removes the schedule when the interval is 0', async () => {
    const { redis, config } = app.running.services;
    const sync = createKnowledgeSyncQueue(redis, config.redis.queuePrefix);
    try {
      await sync.schedule(0);
      expect(await sync.queue.getJobScheduler(KNOWLEDGE_SYNC_SCHEDULER)).toBeUndefined();
      expect(await sync.queue.getDelayedCount()).toBe(0);
    } finally {
      await sync.close();
    }
  });
});

describe('change notices', () => {
  it('tell a subscriber that its connection came back, since notices sent meanwhile were lost', async () => {
    const { config } = app.running.services;
    const name = `passage-probe-${process.pid}`;
    const base = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: null, connectionName: name });
    const admin = new Redis(config.redis.url);
    let reconnects = 0;
    const heard: string[] = [];
    await base.connect();
    const subscription = await subscribeToPassageChanges(base, config.redis.queuePrefix, {
      onChange: (source) => heard.push(source),
      onReconnect: () => reconnects++,
    });
    try {
      const clients = String(await admin.client('LIST')).split('\n');
      const id = /\bid=(\d+)/.exec(clients.find((c) => c.includes(`name=${name}`) && / sub=1 /.test(c)) ?? '')?.[1];
      expect(id).toBeDefined();
      await admin.client('KILL', 'ID', id!);
      await eventually(async () => reconnects === 1, 'the reconnect');
      // Subscribed again: later notices arrive.
      await eventually(async () => {
        await app.running.services.redis.publish(`${config.redis.queuePrefix}:passage-changes`, 'help');
        return heard.includes('help');
      }, 'a notice after the reconnect');
    } finally {
      await subscription.close();
      base.disconnect();
      admin.disconnect();
    }
  });
});
