// When no section of the docs is confident enough, the ticket goes to agents and their post lists the
// sections found, in Slack and in Discord: the real service with the real SDKs against local fakes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS_CHANNEL_ID, FakeDiscord } from '../fakes/fake-discord.js';
import { AGENTS_CHANNEL, FakeSlack } from '../fakes/fake-slack.js';
import { eventually, untilStatus } from '../helpers/eventually.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../helpers/test-app.js';

const DOCS = `# Zephyr sensors

## Pairing a Zephyr sensor with the base station

Hold the pairing button on the Zephyr sensor for five seconds, then press Pair on the base station.

## Replacing the sensor battery

Slide the back cover of the sensor down and replace the coin cell battery.
`;

const STATION = `# Base station

## Mounting the base station

Mount the base station on a wall with the two screws in the box.
`;

let docs: string;
beforeAll(async () => {
  docs = await mkdtemp(join(tmpdir(), 'firstline-post-docs-'));
  await writeFile(join(docs, 'sensors.md'), DOCS);
  await writeFile(join(docs, 'station.md'), STATION);
});
afterAll(async () => {
  if (docs) await rm(docs, { recursive: true, force: true });
});

/** A vague question several sections half answer: escalated, with the sections as suggestions. */
const VAGUE = 'the station and the sensor';

async function escalateWithDocs(app: TestApp) {
  const admin = (await createStaff(app, 'ADMIN')).auth;
  const added = await app.request({
    method: 'POST',
    url: '/admin/knowledge-sources',
    headers: admin,
    payload: { location: docs, name: 'manual' },
  });
  expect(added.statusCode).toBe(201);
  const { auth } = await signUp(app);
  // The worker hears of the source over Redis: ask until the triage has found a section.
  return eventually(async () => {
    const res = await app.request({ method: 'POST', url: '/tickets', headers: auth, payload: { message: VAGUE } });
    const ticket = await untilStatus(app.running.services, res.json().id, ['ESCALATED', 'AUTO_RESOLVED']);
    const triaged = (await app.running.services.tickets.listEvents(ticket.id)).find((e) => e.type === 'triaged');
    const passages = (triaged?.data as { passages?: unknown[] } | undefined)?.passages ?? [];
    return ticket.status === 'ESCALATED' && passages.length > 0 ? ticket : null;
  }, 'an escalation with sections of the docs');
}

describe('the agents’ post lists the sections of the docs found', () => {
  it('in Slack', async () => {
    const fake = await new FakeSlack().start();
    const app = await startTestApp({
      ...fake.appEnv(),
    });
    try {
      const ticket = await escalateWithDocs(app);
      const post = await eventually(
        async () =>
          fake.callsTo(
            'chat.postMessage',
            (b) => b.channel === AGENTS_CHANNEL && String(b.text ?? '').startsWith(`Ticket #${ticket.number} `),
          )[0],
        'the agents’ post',
      );
      const blocks = JSON.stringify(post.body.blocks);
      expect(blocks).toContain('*From your docs*');
      expect(blocks).toMatch(/• (Zephyr sensors|Base station) › [^"]+\(answer confidence \d+ %\)/);
    } finally {
      await app.stop();
      await fake.stop();
    }
  });

  it('in Discord', async () => {
    const fake = await new FakeDiscord().start();
    const app = await startTestApp({
      ...fake.appEnv(),
    });
    try {
      const ticket = await escalateWithDocs(app);
      const post = await fake.waitFor(() =>
        fake.postsIn(AGENTS_CHANNEL_ID).find((c) => String(c.body?.content ?? '').startsWith(`**Ticket #${ticket.number}**`)),
      );
      const embed = JSON.stringify(post.body?.embeds ?? []);
      expect(embed).toContain('"name":"From your docs"');
      expect(embed).toMatch(/• (Zephyr sensors|Base station) › [^"]+\(answer confidence \d+ %\)/);
    } finally {
      await app.stop();
      await fake.stop();
    }
  });
});
