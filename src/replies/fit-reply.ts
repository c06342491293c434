// Shortening a model's reply to the length limit without leaving half a sentence behind: a
// dangling clause ("You can return it within 14 days if") can say something the basis does not.
import { capLength } from './llm-prompt.js';

const ELLIPSIS = '…';
/** A sentence end: terminal punctuation, optionally closing quotes or brackets. */
const SENTENCE_END = /[.!?…]["'”’)\]]*/g;

/**
 * The reply cut to at most `maxChars`: at the last sentence end or line break that fits, else at
 * the last word boundary with an ellipsis, else hard. `truncated` says the model stopped at its
 * token limit, so even a short text may end mid-sentence (or mid-word) and needs the same treatment.
 */
export function fitReply(text: string, maxChars: number, truncated = false): string {
  if (text.length <= maxChars && !truncated) return text;
  const sentenceCut = lastSentenceBoundary(text, maxChars);
  if (sentenceCut > 0) return text.slice(0, sentenceCut).trimEnd();
  const room = maxChars - ELLIPSIS.length;
  const space = text.slice(0, room + 1).search(/\s\S*$/);
  const head = space > 0 ? text.slice(0, space) : capLength(text, room);
  return head.replace(/[\s,;:–—-]+$/, '') + ELLIPSIS;
}

/** Index just past the last complete sentence or line that fits in `maxChars`; 0 if none. */
function lastSentenceBoundary(text: string, maxChars: number): number {
  let best = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end > maxChars) break;
    // "3.5" or "e.g.," is not a sentence end; one followed by whitespace or the end of text is.
    if (end === text.length || /\s/.test(text[end] ?? '')) best = end;
  }
  const newline = text.lastIndexOf('\n', maxChars);
  if (newline > best && text.slice(0, newline).trim()) best = newline;
  return best;
}
