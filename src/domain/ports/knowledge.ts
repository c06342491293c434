// Ports of knowledge sources: reading a source's documents, and searching passages.
import type { DocumentError, ReadLimits, SourceDocument, SourceLocation } from '../knowledge.js';

/** What reading a source gave: the documents read, and each one that failed with its reason. */
export interface SourceReading {
  documents: SourceDocument[];
  errors: DocumentError[];
}

/**
 * Reads a source's documents. A path is a file (Markdown, HTML or plain text, by extension) or a
 * folder read recursively; a URL is one page, or a sitemap.xml whose pages on the same host are
 * fetched, respecting robots.txt. Throws (AppError `validation`) when the source itself cannot be
 * read at all (a path that does not exist, an unreachable host); a single bad document is an error
 * in the result instead.
 */
export interface DocumentReader {
  read(location: SourceLocation, limits: ReadLimits): Promise<SourceReading>;
}

/** A passage as the search index holds it. */
export interface IndexedPassage {
  id: string;
  pageTitle: string;
  headingPath: string[];
  text: string;
}

/** A search hit: the passage and its relevance (higher is better; comparable within one search only). */
export interface PassageHit {
  id: string;
  score: number;
}

/** The in-memory search index over passages (lexical ranking, BM25). */
export interface PassageSearch {
  add(passages: readonly IndexedPassage[]): void;
  remove(ids: readonly string[]): void;
  search(query: string, limit: number): PassageHit[];
  readonly size: number;
}
