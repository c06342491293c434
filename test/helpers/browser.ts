// Browser tests drive Debian's chromium (apt-get install chromium) through playwright-core; Playwright
// never downloads a browser. Without chromium the tests fail saying so: CI must not pass without them.
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createStaff, startTestApp, type TestApp } from './test-app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. ` +
        'Install it with `apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH });
}

/** Fails listing `impact:rule (nodes)` for every serious or critical WCAG 2.1 A/AA violation on the page. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}:${v.id} (${v.nodes.length}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** Presses Tab (only the keyboard) until the element matching `selector` has focus. */
export async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Signs in on the console's form by keyboard alone (Tab, type, Enter) and waits for the inbox. */
export async function signInByKeyboard(page: Page, baseUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/console/login`);
  await tabTo(page, '#email');
  await page.keyboard.type(who.email);
  await tabTo(page, '#password');
  await page.keyboard.type(who.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${baseUrl}/console/`);
}

/** Whether the focused element shows a focus ring (an outline that is not 'none'). */
export const focusIsVisible = (page: Page): Promise<boolean> =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el) return false;
    const style = getComputedStyle(el);
    return style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
  })()`);

/** Evaluates a JavaScript expression in the page (the project's types have no DOM: pass it as text). */
export const inPage = <T>(page: Page, expression: string): Promise<T> => page.evaluate(expression) as Promise<T>;

/** Screenshots for the README, written only when CONSOLE_SCREENSHOTS is set (`npm run screenshots`). */
export async function screenshotFor(page: Page, name: string): Promise<void> {
  if (!process.env.CONSOLE_SCREENSHOTS) return;
  await page.screenshot({ path: `docs/${name}.png`, fullPage: true });
}

/** A spec file's own service, with an admin, and a chromium page at 1280×900 (see adminInChromium). */
export interface AdminInChromium {
  readonly app: TestApp;
  readonly admin: Awaited<ReturnType<typeof createStaff>>;
  readonly page: Page;
}

/**
 * Starts the whole service (with `env`), an admin and a chromium page before the spec file's tests,
 * and closes them after. Registered first, its beforeAll runs before the spec's own, which may
 * seed data through `app`. The fields throw if read before that.
 */
export function adminInChromium(env: Record<string, string> = {}): AdminInChromium {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let ready: AdminInChromium | undefined;
  beforeAll(async () => {
    app = await startTestApp(env);
    const admin = await createStaff(app, 'ADMIN');
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    ready = { app, admin, page };
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const started = (): AdminInChromium => {
    if (!ready) throw new Error('adminInChromium: read before its beforeAll ran');
    return ready;
  };
  return {
    get app() {
      return started().app;
    },
    get admin() {
      return started().admin;
    },
    get page() {
      return started().page;
    },
  };
}
