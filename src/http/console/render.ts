// Rendering pages in the console's layout: every page gets the CSRF token (forms and htmx send it
// back), the signed-in user, and formatting helpers; pages are never cached.
import type { FastifyReply } from 'fastify';
import { HTMX_PATH } from './htmx-asset.js';
import { CONSOLE_HELPERS } from './view-helpers.js';

export interface PageData {
  title: string;
  [name: string]: unknown;
}

/** The session's CSRF token; none once the session has just been ended (a refused, demoted user). */
const csrfOf = (reply: FastifyReply): string => (reply.request.session ? reply.generateCsrf() : '');

export function renderPage(reply: FastifyReply, view: string, data: PageData): FastifyReply {
  const user = reply.request.consoleUser ?? null;
  void reply.header('cache-control', 'no-store');
  return reply.view(view, { ...data, h: CONSOLE_HELPERS, csrf: csrfOf(reply), user, htmxPath: HTMX_PATH }, { layout: 'layout.eta' });
}

/** A piece of a page for htmx to swap in (no layout). */
export function renderFragment(reply: FastifyReply, view: string, data: Record<string, unknown>): FastifyReply {
  void reply.header('cache-control', 'no-store');
  return reply.view(view, { ...data, h: CONSOLE_HELPERS, csrf: csrfOf(reply), user: reply.request.consoleUser ?? null });
}
