// Reads a knowledge source on the web: one page, or the pages of a sitemap on the same host.
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import type { DocumentError, ReadLimits, SourceDocument } from '../../domain/knowledge.js';
import type { SourceReading } from '../../domain/ports/knowledge.js';
import { formatOfResponse, mediaType } from './document-formats.js';
import { fetchPage, PageError, UnreachableError, type FetchedPage, type FetchOptions } from './fetch-page.js';
import { mapConcurrently } from './map-concurrently.js';
import { loadRobots } from './robots.js';
import { collectSitemapPages, looksLikeSitemap, parseSitemap, type Sitemap } from './sitemap.js';

/** Pages fetched at once: quick for us, gentle for the site. */
const CONCURRENCY = 4;
/** Sitemaps may list tens of thousands of pages, so they get more room than a page (the format's own limit is 50 MB). */
const MIN_SITEMAP_BYTES = 10_000_000;

type PageOptions = Required<Omit<FetchOptions, 'maxBytes'>>;

/**
 * Reads `rawUrl`: robots.txt first, then the URL itself, which is a sitemap when it is named
 * sitemap.xml or answers with one, and a single page otherwise. Throws AppError `validation_failed`
 * for a URL that is not http(s), a host that does not answer, or a sitemap that cannot be read.
 */
export async function readUrl(rawUrl: string, limits: ReadLimits, log: Logger): Promise<SourceReading> {
  const start = parseHttpUrl(rawUrl);
  const robots = await loadRobots(start, limits.pageTimeoutMs).catch((err: unknown) => unreadable(err, rawUrl));
  const errors: DocumentError[] = robots.error ? [robots.error] : [];
  // Refused by the site (or its robots.txt failing) is an answer about the source, not a fault.
  if (!robots.isAllowed(start))
    return { documents: [], errors: robots.error ? errors : [{ url: start.href, error: 'disallowed by robots.txt' }] };
  const options: PageOptions = { timeoutMs: limits.pageTimeoutMs, isAllowed: robots.isAllowed };
  const isNamedSitemap = start.pathname.endsWith('sitemap.xml');

  let first: FetchedPage;
  try {
    first = await fetchPage(start, { ...options, maxBytes: isNamedSitemap ? sitemapBytes(limits) : limits.maxPageBytes });
  } catch (err) {
    if (err instanceof PageError && !isNamedSitemap) return { documents: [], errors: [...errors, { url: start.href, error: err.message }] };
    return unreadable(err, rawUrl);
  }
  const isSitemap = isNamedSitemap || (isOk(first) && mediaType(first.contentType).endsWith('xml') && looksLikeSitemap(first.body));
  if (!isSitemap) {
    const page = toDocument(first, start);
    return 'error' in page ? { documents: [], errors: [...errors, page] } : { documents: [page], errors };
  }
  const sitemap = isOk(first) ? parseSitemap(first.body) : null;
  if (!sitemap) {
    const why = isOk(first) ? 'is not a sitemap' : `answered HTTP ${first.status}`;
    throw new AppError('validation_failed', { message: `The sitemap ${rawUrl} ${why}` });
  }
  const reading = await readSitemapPages(start, sitemap, limits, options, log);
  return { documents: reading.documents, errors: [...errors, ...reading.errors] };
}

async function readSitemapPages(
  start: URL,
  sitemap: Sitemap,
  limits: ReadLimits,
  options: PageOptions,
  log: Logger,
): Promise<SourceReading> {
  const fetchSitemap = async (url: URL): Promise<Sitemap> => {
    const res = await fetchPage(url, { ...options, maxBytes: sitemapBytes(limits) });
    if (!isOk(res)) throw new PageError(`sitemap answered HTTP ${res.status}`);
    const nested = parseSitemap(res.body);
    if (!nested) throw new PageError('not a sitemap');
    return nested;
  };
  const listed = await collectSitemapPages(sitemap, start.host, fetchSitemap);
  const errors = [...listed.errors];
  if (listed.dropped > 0) log.info({ sitemap: start.href, dropped: listed.dropped }, 'sitemap entries on other hosts left out');

  const allowed: URL[] = [];
  for (const url of listed.urls) {
    if (options.isAllowed(url)) allowed.push(url);
    else errors.push({ url: url.href, error: 'disallowed by robots.txt' });
  }
  if (allowed.length > limits.maxPages) {
    const more = allowed.length - limits.maxPages;
    errors.push({ url: start.href, error: `page limit reached: only the first ${limits.maxPages} pages were read, ${more} more left out` });
  }
  const pageOptions: FetchOptions = { ...options, maxBytes: limits.maxPageBytes };
  const pages = await mapConcurrently(allowed.slice(0, limits.maxPages), CONCURRENCY, (url) => readPage(url, pageOptions));
  const documents: SourceDocument[] = [];
  for (const page of pages) {
    if ('error' in page) errors.push(page);
    else documents.push(page);
  }
  log.info({ sitemap: start.href, listed: listed.urls.length, read: documents.length, errors: errors.length }, 'sitemap read');
  return { documents, errors };
}

async function readPage(url: URL, options: FetchOptions): Promise<SourceDocument | DocumentError> {
  try {
    return toDocument(await fetchPage(url, options), url);
  } catch (err) {
    // Once robots.txt answered, the host is up: a page that cannot be reached is that page's problem.
    if (err instanceof PageError || err instanceof UnreachableError) return { url: url.href, error: err.message };
    throw err;
  }
}

/** Cited by the URL it was requested as (what the sitemap or the deployer named), not where a redirect led. */
function toDocument(page: FetchedPage, requested: URL): SourceDocument | DocumentError {
  if (!isOk(page)) return { url: requested.href, error: `HTTP ${page.status}` };
  const format = formatOfResponse(page.contentType, page.url);
  if (!format) return { url: requested.href, error: `unsupported content type: ${mediaType(page.contentType) || 'none'}` };
  return { url: requested.href, format, body: page.body };
}

const sitemapBytes = (limits: ReadLimits): number => Math.max(limits.maxPageBytes, MIN_SITEMAP_BYTES);

const isOk = (page: FetchedPage): boolean => page.status >= 200 && page.status < 300;

function parseHttpUrl(raw: string): URL {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new AppError('validation_failed', { message: `${raw} is not an http or https URL` });
  url.hash = '';
  return url;
}

function unreadable(err: unknown, rawUrl: string): never {
  if (err instanceof UnreachableError || err instanceof PageError)
    throw new AppError('validation_failed', { message: `Cannot read ${rawUrl}: ${err.message}`, cause: err });
  throw err;
}
