// htmx is served from the installed package (no CDN, no copy step), under a versioned path so a new
// version is fetched at once despite the day of caching.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const HTMX_DIR = path.dirname(require.resolve('htmx.org/dist/htmx.min.js'));
export const HTMX_VERSION = (require('htmx.org/package.json') as { version: string }).version;
export const HTMX_PREFIX = `/assets/htmx-${HTMX_VERSION}/`;
export const HTMX_PATH = `/console${HTMX_PREFIX}htmx.min.js`;
