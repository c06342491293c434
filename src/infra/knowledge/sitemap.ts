// sitemap.xml: the list of a site's pages, possibly split over sitemap index files.
import { XMLParser } from 'fast-xml-parser';
import type { DocumentError } from '../../domain/knowledge.js';

/** How deep sitemap indexes are followed below the first sitemap, and how many sitemap files are read at most. */
const MAX_INDEX_DEPTH = 2;
const MAX_SITEMAP_FILES = 50;

export type Sitemap = { kind: 'pages'; locations: string[] } | { kind: 'index'; locations: string[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Locations are strings; without this a numeric-looking value would become a number.
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/** A sitemap's page or sitemap locations, or null when the XML is not a sitemap (or not XML). */
export function parseSitemap(xml: string): Sitemap | null {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return null;
  }
  const urlset = doc.urlset as { url?: unknown[] } | '' | undefined;
  if (urlset !== undefined) return { kind: 'pages', locations: locationsOf(urlset === '' ? [] : urlset.url) };
  const index = doc.sitemapindex as { sitemap?: unknown[] } | '' | undefined;
  if (index !== undefined) return { kind: 'index', locations: locationsOf(index === '' ? [] : index.sitemap) };
  return null;
}

/** Whether a body looks like a sitemap without parsing it. */
export function looksLikeSitemap(body: string): boolean {
  return /<(?:\w+:)?(?:urlset|sitemapindex)[\s>]/.test(body);
}

function locationsOf(entries: unknown[] | undefined): string[] {
  return (entries ?? []).map((entry) => (entry as { loc?: unknown }).loc).filter((loc): loc is string => typeof loc === 'string');
}

export interface SitemapPages {
  /** Page URLs on the sitemap's host, without fragments, each once, in the order listed. */
  urls: URL[];
  /** Listed on another host, or not an http(s) URL: left out. */
  dropped: number;
  errors: DocumentError[];
}

/**
 * The pages a sitemap lists, following nested indexes. Only locations on `host` are kept: a sitemap
 * may name anything, and the source is one site. `fetchSitemap` throws an Error whose message is recorded.
 */
export async function collectSitemapPages(
  first: Sitemap,
  host: string,
  fetchSitemap: (url: URL) => Promise<Sitemap>,
): Promise<SitemapPages> {
  const seen = new Set<string>();
  const result: SitemapPages = { urls: [], dropped: 0, errors: [] };
  const keep = (location: string): URL | null => {
    const url = URL.canParse(location) ? new URL(location) : null;
    if (!url || url.host !== host || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      result.dropped++;
      return null;
    }
    url.hash = '';
    if (seen.has(url.href)) return null;
    seen.add(url.href);
    return url;
  };
  let level: Sitemap[] = [first];
  let filesRead = 1;
  for (let depth = 0; level.length > 0; depth++) {
    const nested: URL[] = [];
    for (const sitemap of level) {
      const urls = sitemap.locations.map(keep).filter((url) => url !== null);
      if (sitemap.kind === 'pages') result.urls.push(...urls);
      else if (depth < MAX_INDEX_DEPTH) nested.push(...urls);
      else
        result.errors.push(
          ...urls.map((url) => ({ url: url.href, error: `sitemap nested more than ${MAX_INDEX_DEPTH} levels deep, not read` })),
        );
    }
    level = [];
    for (const url of nested) {
      if (filesRead >= MAX_SITEMAP_FILES) {
        result.errors.push({ url: url.href, error: `more than ${MAX_SITEMAP_FILES} sitemap files, not read` });
        continue;
      }
      filesRead++;
      try {
        level.push(await fetchSitemap(url));
      } catch (err) {
        result.errors.push({ url: url.href, error: (err as Error).message });
      }
    }
  }
  return result;
}
