// robots.txt: what a site lets crawlers read. Read once per source, before any page.
import robotsParserModule from 'robots-parser';
import type { DocumentError } from '../../domain/knowledge.js';
import { fetchPage, PageError } from './fetch-page.js';

// The package is CommonJS whose module.exports is the parser function, but its types declare an ES
// default export, which NodeNext resolution reads as `module.exports.default`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export const ROBOT_NAME = 'FirstlineBot';
/** Google reads the first 500 KiB; a robots.txt larger than that is not one we try to honour in part. */
const MAX_ROBOTS_BYTES = 512 * 1024;

export interface RobotsPolicy {
  isAllowed(url: URL): boolean;
  /** Why the site is treated as closed, when it is. */
  error: DocumentError | null;
}

/**
 * The site's rules for `FirstlineBot`. As Google does: no robots.txt (4xx) allows everything, a
 * failing one (5xx, or one that cannot be used) disallows everything. Throws UnreachableError when
 * the host does not answer at all.
 */
export async function loadRobots(site: URL, timeoutMs: number): Promise<RobotsPolicy> {
  const url = new URL('/robots.txt', site);
  const closed = (reason: string): RobotsPolicy => ({
    isAllowed: () => false,
    error: { url: url.href, error: `${reason}; nothing on ${site.host} is read` },
  });
  try {
    const res = await fetchPage(url, { maxBytes: MAX_ROBOTS_BYTES, timeoutMs });
    if (res.status >= 500) return closed(`robots.txt failed (HTTP ${res.status})`);
    if (res.status < 200 || res.status >= 300) return { isAllowed: () => true, error: null };
    const robots = robotsParser(url.href, res.body);
    // undefined means the URL is on another host, which the reader never fetches anyway.
    return { isAllowed: (page) => robots.isAllowed(page.href, ROBOT_NAME) !== false, error: null };
  } catch (err) {
    if (err instanceof PageError) return closed(`robots.txt could not be read (${err.message})`);
    throw err;
  }
}
