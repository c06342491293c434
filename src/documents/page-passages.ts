// Sections become the passages of a page: tidied, empty ones skipped, long ones cut to size, each
// numbered in page order and hashed so an unchanged section is recognised on the next sync.
import { createHash } from 'node:crypto';
import type { ParsedPage, Passage } from '../domain/knowledge.js';
import type { Section } from './page-outline.js';
import { splitToSize } from './passage-size.js';
import { tidyText } from './tidy-text.js';

/** Hex digits of the sha256 kept: 128 bits, far beyond any chance of two sections colliding. */
const HASH_HEX_CHARS = 32;

export function toParsedPage(url: string, title: string, sections: readonly Section[]): ParsedPage {
  const passages: Passage[] = [];
  for (const section of sections) {
    const text = tidyText(section.text);
    if (text === '') continue; // a heading followed at once by a subheading only names the path
    for (const part of splitToSize(text)) {
      passages.push({
        pageUrl: url,
        pageTitle: title,
        headingPath: [...section.headingPath],
        anchor: section.anchor,
        text: part,
        hash: passageHash(url, title, section.headingPath, section.anchor, part),
        position: passages.length,
      });
    }
  }
  return { url, title, passages };
}

/**
 * Everything that makes the passage, position excepted (a paragraph added above must not re-index
 * the whole page). The anchor is included: if the link to a section changes, its stored citation must too.
 * JSON keeps the fields apart, so ["a b"] and ["a", "b"] cannot hash alike.
 */
function passageHash(url: string, title: string, headingPath: readonly string[], anchor: string | null, text: string): string {
  const digest = createHash('sha256').update(JSON.stringify([url, title, headingPath, anchor, text]));
  return digest.digest('hex').slice(0, HASH_HEX_CHARS);
}
