// A plain-text document has no headings to split at: it is one section, which the size rule cuts at
// blank lines only when it is long (page-passages.ts), so a short note stays one passage.
import type { OutlinedPage } from './page-outline.js';

/** Longest first line taken as the title; a longer one is the start of a paragraph, not a title. */
const MAX_TITLE_CHARS = 120;

/** Title: the first non-empty line when it is short, else none (the caller falls back to the file name). */
export function textSections(body: string): OutlinedPage {
  const firstLine = firstNonEmptyLine(body);
  const title = firstLine !== null && firstLine.length <= MAX_TITLE_CHARS ? firstLine : null;
  // Runs of spaces inside a line go, indentation stays. The first line stays too: it is often the
  // only place the topic is named, which is what a search for this passage will use.
  const text = body.replace(/(\S)[ \t]+(?=\S)/g, '$1 ');
  return { title, sections: [{ headingPath: [], anchor: null, text }] };
}

function firstNonEmptyLine(body: string): string | null {
  let start = 0;
  while (start < body.length) {
    const end = body.indexOf('\n', start);
    const line = body.slice(start, end === -1 ? body.length : end).trim();
    if (line !== '') return line;
    if (end === -1) break;
    start = end + 1;
  }
  return null;
}
