// The Dashboard in chromium: an admin reaches it from the nav by keyboard, switches the window, and
// the server-drawn charts show with their data (bars and lines in the SVG) and no CSP refusal; axe
// finds no serious or critical violation.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminInChromium,
  expectNoSeriousViolations,
  focusIsVisible,
  inPage,
  screenshotFor,
  tabTo,
  signInByKeyboard,
} from '../../helpers/browser.js';
import { untilStatus } from '../../helpers/eventually.js';
import { signUp } from '../../helpers/test-app.js';

const suite = adminInChromium();
const cspErrors: string[] = [];

beforeAll(async () => {
  for (const message of ['I want to talk to a human about my invoice', 'Please get me a person, my login fails']) {
    const res = await suite.app.request({ method: 'POST', url: '/tickets', headers: (await signUp(suite.app)).auth, payload: { message } });
    await untilStatus(suite.app.running.services, res.json().id, ['ESCALATED']);
  }
  suite.page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
});

/** Filled shapes in a chart's SVG: bar rectangles are paths with a fill that is not 'none'. */
const drawnIn = (id: string) =>
  inPage<{ svgs: number; filled: number; lines: number }>(
    suite.page,
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
    await signInByKeyboard(suite.page, suite.app.url, suite.admin);

    await tabTo(suite.page, '.site-header a[href="/console/dashboard"]');
    expect(await focusIsVisible(suite.page)).toBe(true);
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/dashboard`);
    expect(await suite.page.locator('#chart-escalations figcaption').textContent()).toContain('2 escalations over the last 7 days');

    await tabTo(suite.page, 'a[href="/console/dashboard?window=24h"]');
    expect(await focusIsVisible(suite.page)).toBe(true);
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/dashboard?window=24h`);
    expect(await suite.page.locator('#chart-escalations figcaption').textContent()).toContain('2 escalations over the last 24 hours');

    expect(await suite.page.locator('main svg[role="img"]').count()).toBe(7);
    const escalations = await drawnIn('escalations');
    const intents = await drawnIn('intents');
    expect(escalations.filled).toBeGreaterThan(0);
    expect(intents.filled).toBeGreaterThan(0);
    // The text keeps the size the chart gave it (a style attribute blocked by the CSP would leave the default 16px).
    expect(await inPage<string>(suite.page, `getComputedStyle(document.querySelector('#chart-escalations svg text')).fontSize`)).toBe(
      '12px',
    );
    expect(cspErrors).toEqual([]);

    // The data table opens from the keyboard.
    await tabTo(suite.page, '#chart-escalations details > summary');
    await suite.page.keyboard.press('Enter');
    expect(await suite.page.locator('#chart-escalations table tbody tr').count()).toBe(25);

    await expectNoSeriousViolations(suite.page);
    await screenshotFor(suite.page, 'console-dashboard');
  });
});
