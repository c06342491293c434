// The extractive answer from a passage of the deployer's docs: the section itself, trimmed, then
// where it comes from, so the customer can read on and an agent can check it. The words are the
// docs' own: nothing is written that the page does not say.
import type { StoredPassage } from '../domain/ports/knowledge.js';

/** Longer sections are cut at the last paragraph, line or sentence end before this many characters. */
export const MAX_ANSWER_CHARS = 900;

function trimmed(text: string): string {
  const clean = text.trim();
  if (clean.length <= MAX_ANSWER_CHARS) return clean;
  const head = clean.slice(0, MAX_ANSWER_CHARS);
  const cut = Math.max(head.lastIndexOf('\n\n'), head.lastIndexOf('\n'), head.lastIndexOf('. ') + 1);
  return `${(cut > MAX_ANSWER_CHARS / 2 ? head.slice(0, cut) : head).trimEnd()} …`;
}

/** A web page's address, with the section's anchor; none for a file on the server (customers cannot open it). */
export function passageLink(passage: Pick<StoredPassage, 'pageUrl' | 'anchor'>): string | null {
  if (!/^https?:\/\//i.test(passage.pageUrl)) return null;
  const url = new URL(passage.pageUrl);
  if (passage.anchor) url.hash = passage.anchor;
  return url.toString();
}

/** "Title › Heading › Subheading" */
export const passageTitle = (passage: Pick<StoredPassage, 'pageTitle' | 'headingPath'>): string =>
  [passage.pageTitle, ...passage.headingPath].filter((part) => part.trim() !== '').join(' › ');

export function passageAnswer(passage: StoredPassage): string {
  const link = passageLink(passage);
  const source = link ? `From our docs, “${passageTitle(passage)}”: ${link}` : `From our docs, “${passageTitle(passage)}”.`;
  return `${trimmed(passage.text)}\n\n${source}`;
}
