// The Tuning page's threshold in chromium: an admin reaches it from the nav and changes the
// deployment's auto-resolve threshold with the keyboard alone, sees it saved and in force, the
// worker's setting agrees; a refused value is announced at the field; axe finds no serious or
// critical violation; the reset, by keyboard too, returns to AUTO_RESOLVE_THRESHOLD.
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
import { createStaff, startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
let browser: Browser;
let page: Page;
let admin: Awaited<ReturnType<typeof createStaff>>;

beforeAll(async () => {
  app = await startTestApp({ AUTO_RESOLVE_THRESHOLD: '0.9' });
  admin = await createStaff(app, 'ADMIN');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the auto-resolve threshold in chromium', () => {
  it('is changed by keyboard alone, shown saved and in force, and refused out of range at the field', async () => {
    await signInByKeyboard(page, app.url, admin);

    await tabTo(page, 'a[href="/console/tuning"]');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tuning`);
    await expectNoSeriousViolations(page);

    await tabTo(page, '#threshold');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0.8');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tuning?saved=threshold`);
    expect(await page.getByRole('status').filter({ hasText: 'Threshold saved.' }).count()).toBe(1);
    expect(await page.locator('#threshold-heading + p strong').textContent()).toBe('0.8');
    expect(await page.locator('ul.changes li').first().textContent()).toContain(`set to 0.8 by ${admin.email}`);
    expect(await app.running.services.deploymentSettings.autoResolveThreshold()).toBe(0.8);
    await expectNoSeriousViolations(page);
    await screenshotFor(page, 'console-tuning');

    await tabTo(page, '#threshold');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0.3');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#threshold-error').textContent()).toContain('Enter a number from 0.5 to 0.99.');
    expect(await page.locator('#threshold').getAttribute('aria-invalid')).toBe('true');
    expect(await app.running.services.deploymentSettings.autoResolveThreshold()).toBe(0.8);
    await expectNoSeriousViolations(page);

    // The reset button, by keyboard: back to AUTO_RESOLVE_THRESHOLD.
    await tabTo(page, '#reset-threshold');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console/tuning?saved=reset`);
    expect(await page.locator('#threshold-heading + p strong').textContent()).toBe('0.9');
    expect(await app.running.services.deploymentSettings.autoResolveThreshold()).toBeNull();
  });
});
