// The Tuning page's threshold in chromium: an admin reaches it from the nav and changes the
// deployment's auto-resolve threshold with the keyboard alone, sees it saved and in force, the
// worker's setting agrees; a refused value is announced at the field; axe finds no serious or
// critical violation; the reset, by keyboard too, returns to AUTO_RESOLVE_THRESHOLD.
import { describe, expect, it } from 'vitest';
import {
  adminInChromium,
  expectNoSeriousViolations,
  focusIsVisible,
  screenshotFor,
  tabTo,
  signInByKeyboard,
} from '../../helpers/browser.js';

const suite = adminInChromium({ AUTO_RESOLVE_THRESHOLD: '0.9' });

describe('the auto-resolve threshold in chromium', () => {
  it('is changed by keyboard alone, shown saved and in force, and refused out of range at the field', async () => {
    await signInByKeyboard(suite.page, suite.app.url, suite.admin);

    await tabTo(suite.page, 'a[href="/console/tuning"]');
    expect(await focusIsVisible(suite.page)).toBe(true);
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/tuning`);
    await expectNoSeriousViolations(suite.page);

    await tabTo(suite.page, '#threshold');
    expect(await focusIsVisible(suite.page)).toBe(true);
    await suite.page.keyboard.press('ControlOrMeta+A');
    await suite.page.keyboard.type('0.8');
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/tuning?saved=threshold`);
    expect(await suite.page.getByRole('status').filter({ hasText: 'Threshold saved.' }).count()).toBe(1);
    expect(await suite.page.locator('#threshold-heading + p strong').textContent()).toBe('0.8');
    expect(await suite.page.locator('ul.changes li').first().textContent()).toContain(`set to 0.8 by ${suite.admin.email}`);
    expect(await suite.app.running.services.deploymentSettings.autoResolveThreshold()).toBe(0.8);
    await expectNoSeriousViolations(suite.page);
    await screenshotFor(suite.page, 'console-tuning');

    await tabTo(suite.page, '#threshold');
    await suite.page.keyboard.press('ControlOrMeta+A');
    await suite.page.keyboard.type('0.3');
    await suite.page.keyboard.press('Enter');
    await expect.poll(() => suite.page.locator('#threshold-error').textContent()).toContain('Enter a number from 0.5 to 0.99.');
    expect(await suite.page.locator('#threshold').getAttribute('aria-invalid')).toBe('true');
    expect(await suite.app.running.services.deploymentSettings.autoResolveThreshold()).toBe(0.8);
    await expectNoSeriousViolations(suite.page);

    // The reset button, by keyboard: back to AUTO_RESOLVE_THRESHOLD.
    await tabTo(suite.page, '#reset-threshold');
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(`${suite.app.url}/console/tuning?saved=reset`);
    expect(await suite.page.locator('#threshold-heading + p strong').textContent()).toBe('0.9');
    expect(await suite.app.running.services.deploymentSettings.autoResolveThreshold()).toBeNull();
  });
});
