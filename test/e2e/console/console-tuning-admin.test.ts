// The admins' Tuning pages in chromium: a knowledge sync run from the console with the keyboard
// alone, its status updated on the page that answers; axe finds no serious or critical violation on
// the sources, incidents, agents and API keys pages.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSeriousViolations,
  focusIsVisible,
  launchChromium,
  screenshotFor,
  tabTo,
  signInByKeyboard,
} from '../../helpers/browser.js';
import { eventually, untilStatus } from '../../helpers/eventually.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { seedDeploymentHistory } from '../../helpers/tickets.js';

let app: TestApp;
let browser: Browser;
let page: Page;
let admin: Awaited<ReturnType<typeof createStaff>>;
let docs: string;

const cells = (name: string) => page.locator(`#source-${name} td`);

beforeAll(async () => {
  app = await startTestApp();
  await seedDeploymentHistory(app);
  admin = await createStaff(app, 'ADMIN');
  const agent = await createStaff(app, 'AGENT');
  await app.request({
    method: 'PATCH',
    url: `/admin/users/${agent.id}`,
    headers: admin.auth,
    payload: { skills: ['billing'], capacity: 4 },
  });
  docs = await mkdtemp(join(tmpdir(), 'firstline-console-e2e-kb-'));
  await writeFile(
    join(docs, 'billing.md'),
    '# Billing\n\n## Refunds\n\nA refund goes back to the card you paid with within five business days.\n',
  );
  const added = await app.request({
    method: 'POST',
    url: '/admin/knowledge-sources',
    headers: admin.auth,
    payload: { location: docs, name: 'help' },
  });
  expect(added.statusCode).toBe(201);
  // An open incident, so its row and its resolve form are checked too.
  const reports: string[] = [];
  for (const message of [
    'Outage: the dashboard will not load at all',
    'Outage - dashboard does not load at all',
    'outage, the dashboard will not load',
  ]) {
    const res = await app.request({ method: 'POST', url: '/tickets', headers: (await signUp(app)).auth, payload: { message } });
    reports.push((await untilStatus(app.running.services, res.json().id, ['ESCALATED'])).id);
  }
  await eventually(async () => (await app.running.services.tickets.findById(reports[2]!))?.incidentId, 'the reports to be grouped');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (docs) await rm(docs, { recursive: true, force: true });
});

describe('Tuning for admins in chromium', () => {
  it('runs a knowledge sync by keyboard alone and shows the new status; the four pages pass axe', async () => {
    await signInByKeyboard(page, app.url, admin);

    await tabTo(page, '.site-header a[href="/console/tuning"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tuning`);
    await tabTo(page, 'nav[aria-label="Tuning"] a[href="/console/tuning/sources"]');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tuning/sources`);
    await expect.poll(() => cells('help').nth(2).textContent()).toBe('1'); // pages
    await expectNoSeriousViolations(page);

    await writeFile(join(docs, 'account.md'), '# Account\n\n## Password\n\nClick "Forgot password" on the sign-in page.\n');
    await tabTo(page, 'button[aria-label="Sync help"]');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('p.notice').textContent()).toBe('Synced “help”: 1 section added, 0 removed, 1 unchanged.');
    expect(await cells('help').nth(2).textContent()).toBe('2');
    expect(await cells('help').nth(3).textContent()).toBe('2');
    expect(await cells('help').nth(1).textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await expectNoSeriousViolations(page);
    await screenshotFor(page, 'console-tuning-sources');

    await tabTo(page, 'nav[aria-label="Tuning"] a[href="/console/tuning/api-keys"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tuning/api-keys`);
    await tabTo(page, '#key-name');
    await page.keyboard.type('status page');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#new-key').inputValue()).toMatch(/^fl_[a-z0-9]{12}_/);
    await expectNoSeriousViolations(page);

    for (const path of ['/console/tuning/incidents', '/console/tuning/agents']) {
      await page.goto(`${app.url}${path}`);
      expect(await page.locator('nav[aria-label="Tuning"] a[aria-current="page"]').getAttribute('href')).toBe(path);
      await expectNoSeriousViolations(page);
      await screenshotFor(page, `console-tuning-${path.split('/').pop()}`);
      if (path.endsWith('incidents')) {
        await page.getByRole('link', { name: /^Resolve incident #\d+$/ }).click();
        await expect.poll(() => page.locator('form.resolve').count()).toBe(1);
        await expectNoSeriousViolations(page);
      }
    }
    expect(await page.locator('table.agents').textContent()).toContain('0 of 4');
  });
});
