// Answers from the deployer's docs through the whole service (API → queue → worker → PostgreSQL):
// a question one page of the docs clearly answers is answered automatically in the docs' own words;
// a question several pages half answer goes to a person with those pages on the record.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let docs: string;
let customer: Record<string, string>;

const SENSORS = `# Zephyr sensors

## Pairing a Zephyr sensor with the base station

Hold the pairing button on the Zephyr sensor for five seconds until its light blinks blue, then press Pair on the base station. Pairing works within ten metres.

## Replacing the sensor battery

Slide the back cover of the sensor down and replace the CR2032 coin cell battery.
`;

const STATION = `# Base station

## Mounting the base station

Mount the base station on a wall with the two screws in the box, away from metal shelves.

## Updating the station firmware

The station updates its firmware overnight when it is connected to the internet.
`;

beforeAll(async () => {
  app = await startTestApp();
  docs = await mkdtemp(join(tmpdir(), 'firstline-answers-'));
  await writeFile(join(docs, 'sensors.md'), SENSORS);
  await writeFile(join(docs, 'station.md'), STATION);
  const admin = (await createStaff(app, 'ADMIN')).auth;
  const added = await app.request({
    method: 'POST',
    url: '/admin/knowledge-sources',
    headers: admin,
    payload: { location: docs, name: 'manual' },
  });
  if (added.statusCode !== 201) throw new Error(`adding the docs failed: ${added.body}`);
  customer = (await signUp(app)).auth;
});
afterAll(async () => {
  await app?.stop();
  if (docs) await rm(docs, { recursive: true, force: true });
});

async function ask(message: string) {
  const res = await app.request({ method: 'POST', url: '/tickets', headers: customer, payload: { message } });
  expect(res.statusCode).toBe(202);
  const id: string = res.json().id;
  return untilStatus(app.running.services, id, ['AUTO_RESOLVED', 'ESCALATED']);
}

const triagedData = async (ticketId: string) =>
  eventually(
    async () => (await app.running.services.tickets.listEvents(ticketId)).find((e) => e.type === 'triaged')?.data,
    'the triaged event',
  );

describe('answers from the docs', () => {
  it('answers a question one section clearly answers, in the docs’ own words, naming the page', async () => {
    // The worker hears of the new source over Redis; until then the question would be escalated.
    const ticket = await eventually(async () => {
      const asked = await ask('How do I pair my Zephyr sensor with the base station?');
      return asked.status === 'AUTO_RESOLVED' ? asked : null;
    }, 'an automatic answer from the docs');
    expect(ticket.responseSource).toBe('KNOWLEDGE');
    expect(ticket.response).toContain('Hold the pairing button on the Zephyr sensor for five seconds');
    expect(ticket.response).toContain('From our docs, “Zephyr sensors › Pairing a Zephyr sensor with the base station”.');
    const data = (await triagedData(ticket.id)) as { candidates: { kind: string }[]; passages: { title: string }[] };
    expect(data.candidates[0]).toMatchObject({ kind: 'passage' });
    expect(data.passages[0]).toMatchObject({ title: 'Zephyr sensors › Pairing a Zephyr sensor with the base station' });
  });

  it('sends to a person what no section clearly answers, with the sections it found on the record', async () => {
    const ticket = await ask('the station and the sensor');
    expect(ticket.status).toBe('ESCALATED');
    const data = (await triagedData(ticket.id)) as { passages: { title: string; answerConfidence: number | null }[] };
    expect(data.passages.length).toBeGreaterThan(0);
    for (const p of data.passages) expect(p.answerConfidence ?? 0).toBeLessThan(0.9);
  });
});
