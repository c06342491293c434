// Driving the web console through inject: its session cookie, the CSRF token its pages carry, and
// form posts.
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.js';

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The cookies a response sets, as a Cookie header. */
export const cookiesOf = (res: LightMyRequestResponse): string =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');

/** The CSRF token a console page carries in its forms. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

export const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

export interface ConsoleSession {
  cookie: string;
  /** A CSRF token of this session. */
  csrf: string;
  /** The sign-in POST's response. */
  res: LightMyRequestResponse;
}

/** Signs in through the form, as a browser would; `cookie` is empty when sign-in was refused. */
export async function consoleSignIn(
  app: TestApp,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<ConsoleSession> {
  const page = await app.request({ url: '/console/login', headers });
  const res = await app.request({
    method: 'POST',
    url: '/console/login',
    headers: { ...headers, ...FORM, cookie: cookiesOf(page) },
    payload: form({ _csrf: csrfOf(page.body), email, password }),
  });
  const cookie = res.statusCode === 303 ? cookiesOf(res) : '';
  const inbox = cookie ? await app.request({ url: '/console/', headers: { ...headers, cookie } }) : null;
  return { cookie, csrf: inbox && inbox.statusCode === 200 ? csrfOf(inbox.body) : '', res };
}
