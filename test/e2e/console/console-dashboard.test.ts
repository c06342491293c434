// The Dashboard in chromium: an admin reaches it from the nav by keyboard, switches the window, and
// the server-drawn charts show with their data (bars and lines in the SVG) and no CSP refusal; axe
// finds no serious or critical violation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSeriousViolations,
  focusIsVisible,
  inPage,
  launchChromium,
  screenshotFor,
  tabTo,
  signInByKeyboard,
} from '../../helpers/browser.js';
import { untilStatus } from '../../helpers/eventually.js';
import { createStaff, signUp, startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
let browser: Browser;
let page: Page;
let admin: Awaited<ReturnType<typeof createStaff>>;
const cspErrors: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  admin = await createStaff(app, 'ADMIN');
  for (const message of ['I want to talk to a human about my invoice', 'Please get me a person, my login fails']) {
    const res = await app.request({ method: 'POST', url: '/tickets', headers: (await signUp(app)).auth, payload: { message } });
    await untilStatus(app.running.services, res.json().id, ['ESCALATED']);
  }
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Filled shapes in a chart's SVG: bar rectangles are paths with a fill that is not 'none'. */
const drawnIn = (id: string) =>
  inPage<{ svgs: number; filled: number; lines: number }>(
    page,
    `(() => {
      const svg = document.querySelector('#chart-${id} svg');
      if (!svg) return { svgs: 0, filled: 0, lines: 0 };
      const paths = [...svg.querySelectorAll('path')];
      return {
        svgs: 1,
        filled: paths.filter((p) => { const f = getComputedStyle(p).fill; return f !== 'none' && !f.startsWith('url'); }).length,
        lines: paths.filter((p) => p.getAttribute('fill') === 'none' && (p.getAttribute('d') || '').split('L').length > 2).length,
      };
    })()`,
  );

describe('Dashboard in chromium', () => {
  it('opens from the nav by keyboard, switches the window, draws charts with data and passes axe', async () => {
    await signInByKeyboard(page, app.url, admin);

    await tabTo(page, '.site-header a[href="/console/dashboard"]');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/dashboard`);
    expect(await page.locator('#chart-escalations figcaption').textContent()).toContain('2 escalations over the last 7 days');

    await tabTo(page, 'a[href="/console/dashboard?window=24h"]');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/dashboard?window=24h`);
    expect(await page.locator('#chart-escalations figcaption').textContent()).toContain('2 escalations over the last 24 hours');

    expect(await page.locator('main svg[role="img"]').count()).toBe(7);
    const escalations = await drawnIn('escalations');
    const intents = await drawnIn('intents');
    expect(escalations.filled).toBeGreaterThan(0);
    expect(intents.filled).toBeGreaterThan(0);
    // The text keeps the size the chart gave it (a style attribute blocked by the CSP would leave the default 16px).
    expect(await inPage<string>(page, `getComputedStyle(document.querySelector('#chart-escalations svg text')).fontSize`)).toBe('12px');
    expect(cspErrors).toEqual([]);

    // The data table opens from the keyboard.
    await tabTo(page, '#chart-escalations details > summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('#chart-escalations table tbody tr').count()).toBe(25);

    await expectNoSeriousViolations(page);
    await screenshotFor(page, 'console-dashboard');
  });
});
