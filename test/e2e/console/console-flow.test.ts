// The web console in a real browser (Debian's chromium through playwright-core) against the whole
// service and the local fake Slack: sign in, filter the inbox, read a ticket's evidence, claim and
// resolve it, and the customer's Slack thread gets the answer; the same flow by keyboard alone; axe
// finds no serious or critical violation on the sign-in, inbox and ticket pages.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../src/domain/ticket.js';
import { expectNoSeriousViolations, focusIsVisible, inPage, launchChromium, screenshotFor, tabTo } from '../../helpers/browser.js';
import { eventually, untilStatus } from '../../helpers/eventually.js';
import { createStaff, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { FakeSlack, SlackRequests } from '../../fakes/fake-slack.js';

let fake: FakeSlack;
let app: TestApp;
let slack: SlackRequests;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let agent: Awaited<ReturnType<typeof createStaff>>;

let seq = 0;
const nextTs = () => `1810000${String((seq += 1)).padStart(3, '0')}.000${String(seq).padStart(3, '0')}`;

/** A customer's DM in Slack, once the pipeline decided; `dm.ts` is the thread answers go to. */
async function slackTicket(text: string, statuses: Ticket['status'][] = ['ESCALATED']) {
  const channel = `D0CONSOLE${(seq += 1)}`;
  const dm = { type: 'message', channel_type: 'im', user: `U0CUST${seq}`, text, channel, ts: nextTs(), event_ts: nextTs() };
  expect((await slack.event(dm)).status).toBe(200);
  const ticket = await eventually(() => app.running.services.tickets.findByChatMessage('SLACK', channel, dm.ts), 'the DM’s ticket');
  return { ticket: await untilStatus(app.running.services, ticket.id, statuses), channel, thread: dm.ts };
}

const answerInThread = (channel: string, thread: string, text: string) =>
  fake.waitFor(() => fake.callsTo('chat.postMessage', (b) => b.channel === channel && b.thread_ts === thread && b.text === text)[0]);

beforeAll(async () => {
  fake = await new FakeSlack().start();
  app = await startTestApp({ ...fake.appEnv(), RETRAIN_DEBOUNCE_SECONDS: '0', INCIDENT_MIN_TICKETS: '1000' });
  slack = new SlackRequests(app.url, fake);
  agent = await createStaff(app, 'AGENT');
  browser = await launchChromium();
  // Some company for the ticket in the inbox (and the screenshots).
  await slackTicket('I forgot my password and cannot log in', ['AUTO_RESOLVED', 'ESCALATED']);
  await slackTicket('The export to CSV button does nothing in Firefox, please have someone look', ['AUTO_RESOLVED', 'ESCALATED']);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.stop();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

describe('web console in chromium', () => {
  it('signs in, filters the inbox, shows a ticket’s evidence, claims and resolves it, and the Slack thread gets the answer', async () => {
    const { ticket, channel, thread } = await slackTicket('I was charged twice for my subscription in March, I want to talk to a human');

    await page.goto(`${app.url}/console/`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await expectNoSeriousViolations(page);
    await screenshotFor(page, 'console-sign-in');
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/console/`);
    expect(await inPage(page, 'document.cookie')).toBe(''); // HttpOnly
    await expect.poll(() => page.locator('table.tickets tbody tr').count()).toBeGreaterThanOrEqual(3);
    await expectNoSeriousViolations(page);
    await screenshotFor(page, 'console-inbox');

    await page.getByLabel('Message contains').fill('CHARGED TWICE');
    await page.getByLabel('Status', { exact: true }).selectOption('ESCALATED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('table.tickets tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('CHARGED TWICE'); // the filter is in the address
    await expect.poll(() => page.locator('#status-counts a[aria-current]').textContent()).toMatch(/Escalated\s+1/);

    await page.getByRole('link', { name: `#${ticket.number}` }).click();
    await page.waitForURL(`${app.url}/console/tickets/${ticket.number}`);
    const evidence = page.getByRole('region', { name: 'Decision and evidence' });
    await expect.poll(() => evidence.textContent()).toContain('Customer requested human');
    expect(await page.getByRole('region', { name: 'Audit trail' }).textContent()).toContain('Triaged');
    expect(await page.getByRole('region', { name: 'Conversation' }).textContent()).toContain('charged twice');
    await expectNoSeriousViolations(page);
    await screenshotFor(page, 'console-ticket');

    await page.getByRole('button', { name: 'Claim this ticket' }).click();
    await expect.poll(() => page.locator('p.notice').textContent()).toContain('You claimed this ticket.');
    const answer = 'Sorry about that: we refunded the second charge, it reaches your card in 3 to 5 days.';
    await page.getByLabel('Answer to the customer').fill(answer);
    await page.getByRole('button', { name: 'Send answer and resolve' }).click();
    await expect.poll(() => page.locator('p.notice').textContent()).toContain('Resolved');
    expect(await app.running.services.tickets.findById(ticket.id)).toMatchObject({
      status: 'RESOLVED',
      assigneeId: agent.id,
      response: answer,
    });
    await answerInThread(channel, thread, answer);
    await expectNoSeriousViolations(page);
  });

  it('works by keyboard alone: sign in, filter, claim from the list, open the ticket, skip to content, resolve', async () => {
    const { ticket, channel, thread } = await slackTicket('My invoice shows the wrong company address, I want to talk to a human');

    await page.goto(`${app.url}/console/login`);
    await tabTo(page, '#email');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type(agent.email);
    await tabTo(page, '#password');
    await page.keyboard.type(agent.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/`);

    await tabTo(page, '#f-q');
    await page.keyboard.type('wrong company address');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('table.tickets tbody tr').count()).toBe(1);

    await tabTo(page, `button[aria-label="Claim ticket #${ticket.number}"]`);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`#ticket-${ticket.number}`).textContent()).toContain('You');
    expect(new URL(page.url()).pathname).toBe('/console/'); // swapped in place
    await expectNoSeriousViolations(page);

    await tabTo(page, `a[href="/console/tickets/${ticket.number}"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tickets/${ticket.number}`);
    await page.keyboard.press('Tab');
    expect(await inPage(page, 'document.activeElement?.textContent')).toBe('Skip to content');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await inPage(page, 'document.activeElement?.id')).toBe('main');

    await tabTo(page, '#response');
    await page.keyboard.press('ControlOrMeta+A');
    const answer = 'We corrected the address; the new invoice is attached to your account.';
    await page.keyboard.type(answer);
    await tabTo(page, 'form.resolve button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('p.notice').textContent()).toContain('Resolved');
    await answerInThread(channel, thread, answer);
  });
});
