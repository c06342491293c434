// The deployer's own docs as knowledge: sources (a folder, a file, a page or a site) are read as
// documents, split into sections by headings, and each section is a passage Firstline can retrieve,
// cite and answer from. Pure vocabulary; reading, storing and searching are behind ports.

export const DOCUMENT_FORMATS = ['markdown', 'html', 'text'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Where a source's documents come from: a file or folder on this machine, or a page or sitemap.xml on the web. */
export type SourceLocation = { kind: 'path'; path: string } | { kind: 'url'; url: string };

/** One document as read, before it is split. `url` is its address (file:// for local files), used to cite it. */
export interface SourceDocument {
  url: string;
  format: DocumentFormat;
  body: string;
}

/** A document that could not be read, and why; the rest of its source still syncs. */
export interface DocumentError {
  url: string;
  error: string;
}

/**
 * One section of a page: the unit that is indexed, compared and cited.
 * - `headingPath`: the headings above it, outermost first (empty for text before the first heading);
 * - `anchor`: the fragment that links to its heading on the page, when there is one;
 * - `hash`: of everything that makes the passage (page URL, title, heading path, text), so an
 *   unchanged section is recognised on the next sync and not indexed again;
 * - `position`: its order on the page.
 */
export interface Passage {
  pageUrl: string;
  pageTitle: string;
  headingPath: string[];
  anchor: string | null;
  text: string;
  hash: string;
  position: number;
}

/** A document split into passages. */
export interface ParsedPage {
  url: string;
  title: string;
  passages: Passage[];
}

/** Limits on reading a source, so one source cannot exhaust the service. */
export interface ReadLimits {
  /** Most documents read from one source (pages of a site, files of a folder). */
  maxPages: number;
  /** Largest document read, in bytes; a larger one is an error for that document, not for the source. */
  maxPageBytes: number;
  /** Longest wait for one page, in milliseconds. */
  pageTimeoutMs: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxPages: 500, maxPageBytes: 2_000_000, pageTimeoutMs: 10_000 };
