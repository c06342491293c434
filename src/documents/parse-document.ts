// One document in, one page of passages out: pure, no I/O. Each format has its own splitter into
// headed sections; the title fallback, the size rule and hashing are shared (page-passages.ts).
import type { DocumentFormat, ParsedPage, SourceDocument } from '../domain/knowledge.js';
import { htmlSections } from './html-sections.js';
import { markdownSections } from './markdown-sections.js';
import { toParsedPage } from './page-passages.js';
import type { OutlinedPage } from './page-outline.js';
import { textSections } from './text-sections.js';
import { collapseSpaces, titleFromUrl } from './tidy-text.js';

const SPLITTERS: Record<DocumentFormat, (body: string) => OutlinedPage> = {
  markdown: markdownSections,
  html: htmlSections,
  text: textSections,
};

/**
 * The page's passages in order, one per section (long sections in several parts). The title is the one
 * the document gives itself (front matter, <title>, its h1, a plain text's first line), else the file
 * name from the URL. An empty or unreadable body is a page without passages, never an error.
 */
export function parseDocument(doc: SourceDocument): ParsedPage {
  // A byte-order mark would otherwise hide front matter and end up in the first passage.
  const body = doc.body.startsWith('\ufeff') ? doc.body.slice(1) : doc.body;
  const page = SPLITTERS[doc.format](body);
  const title = collapseSpaces(page.title ?? '').trim() || titleFromUrl(doc.url);
  return toParsedPage(doc.url, title, page.sections);
}
