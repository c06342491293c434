// The admins' Tuning pages in chromium: a knowledge sync run from the console with the keyboard
// alone, its status updated on the page that answers; axe finds no serious or critical violation on
// the sources, incidents, agents and API keys pages.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminInChromium,
  expectNoSeriousViolations,
  focusIsVisible,
  screenshotFor,
  tabTo,
  signInByKeyboard,
} from '../../helpers/browser.js';
import { eventually, untilStatus } from '../../helpers/eventually.js';
import { createStaff, signUp } from '../../helpers/test-app.js';
import { seedDeploymentHistory } from '../../helpers/tickets.js';

const suite = adminInChromium();
let docs: string;

const cells = (name: string) => suite.page.locator(`#source-${name} td`);

beforeAll(async () => {
  await seedDeploymentHistory(suite.app);
  const agent = await createStaff(suite.app, 'AGENT');
  await suite.app.request({
    method: 'PATCH',
    url: `/admin/users/${agent.id}`,
    headers: suite.admin.auth,
    payload: { skills: ['billing'], capacity: 4 },
  });
  docs = await mkdtemp(join(tmpdir(), 'firstline-console-e2e-kb-'));
  await writeFile(
    join(docs, 'billing.md'),
    '# Billing\n\n## Refunds\n\nA refund goes back to the card you paid with within five business days.\n',
  );
  const added = await suite.app.request({
    method: 'POST',
    url: '/admin/knowledge-sources',
    headers: suite.admin.auth,
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
    const res = await suite.app.request({ method: 'POST', url: '/tickets', headers: (await signUp(suite.app)).auth, payload: { message } });
    reports.push((await untilStatus(suite.app.running.services, res.json().id, ['ESCALATED'])).id);
  }
  await eventually(async () => (await suite.app.running.services.tickets.findById(reports[2]!))?.incidentId, 'the reports to be grouped');
});

afterAll(async () => {
  if (docs) await rm(docs, { recursive: true, force: true });
});

describe('Tuning for admins in chromium', () => {
  it('runs a knowledge sync by keyboard alone and shows the new status; the four pages pass axe', async () => {
    await signInByKeyboard(suite.page, suite.app.url, suite.admin);

    await tabTo(suite.page, '.site-header a[href="/console/tuning"]');
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/tuning`);
    await tabTo(suite.page, 'nav[aria-label="Tuning"] a[href="/console/tuning/sources"]');
    expect(await focusIsVisible(suite.page)).toBe(true);
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/tuning/sources`);
    await expect.poll(() => cells('help').nth(2).textContent()).toBe('1'); // pages
    await expectNoSeriousViolations(suite.page);

    await writeFile(join(docs, 'account.md'), '# Account\n\n## Password\n\nClick "Forgot password" on the sign-in page.\n');
    await tabTo(suite.page, 'button[aria-label="Sync help"]');
    expect(await focusIsVisible(suite.page)).toBe(true);
    await suite.page.keyboard.press('Enter');
    await expect.poll(() => suite.page.locator('p.notice').textContent()).toBe('Synced “help”: 1 section added, 0 removed, 1 unchanged.');
    expect(await cells('help').nth(2).textContent()).toBe('2');
    expect(await cells('help').nth(3).textContent()).toBe('2');
    expect(await cells('help').nth(1).textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await expectNoSeriousViolations(suite.page);
    await screenshotFor(suite.page, 'console-tuning-sources');

    await tabTo(suite.page, 'nav[aria-label="Tuning"] a[href="/console/tuning/api-keys"]');
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/tuning/api-keys`);
    await tabTo(suite.page, '#key-name');
    await suite.page.keyboard.type('status page');
    await suite.page.keyboard.press('Enter');
    await expect.poll(() => suite.page.locator('#new-key').inputValue()).toMatch(/^fl_[a-z0-9]{12}_/);
    await expectNoSeriousViolations(suite.page);

    for (const path of ['/console/tuning/incidents', '/console/tuning/agents']) {
      await suite.page.goto(`${suite.app.url}${path}`);
      expect(await suite.page.locator('nav[aria-label="Tuning"] a[aria-current="page"]').getAttribute('href')).toBe(path);
      await expectNoSeriousViolations(suite.page);
      await screenshotFor(suite.page, `console-tuning-${path.split('/').pop()}`);
      if (path.endsWith('incidents')) {
        await suite.page.getByRole('link', { name: /^Resolve incident #\d+$/ }).click();
        await expect.poll(() => suite.page.locator('form.resolve').count()).toBe(1);
        await expectNoSeriousViolations(suite.page);
      }
    }
    expect(await suite.page.locator('table.agents').textContent()).toContain('0 of 4');
  });
});
