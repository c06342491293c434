// The size rule: a section longer than a passage should be is cut at the gentlest boundary that
// works (paragraph, then line, then word, then anywhere), and a scrap too short to mean anything
// alone is joined to its neighbour.

/**
 * Longest passage, in characters: a few paragraphs, so a retrieved passage is about one thing and
 * can be quoted in a reply, yet a short procedure stays in one piece. A merged scrap may add up to
 * MIN_PASSAGE_CHARS more.
 */
export const MAX_PASSAGE_CHARS = 1_500;
/** Shorter than this, a part of a section (a closing "See below." or a lone list item) says nothing on its own. */
export const MIN_PASSAGE_CHARS = 40;

/** Boundaries to cut at, gentlest first; each level joins its pieces back with the same separator. */
const BOUNDARIES = ['\n\n', '\n', ' '];

/** The section's text in parts of at most about `max` characters, in order. */
export function splitToSize(text: string, max = MAX_PASSAGE_CHARS, min = MIN_PASSAGE_CHARS): string[] {
  return fit(text, 0, max, min);
}

function fit(text: string, level: number, max: number, min: number): string[] {
  if (text.length <= max) return [text];
  const separator = BOUNDARIES[level];
  if (separator === undefined) return hardCuts(text, max);
  const units = text.split(separator).flatMap((piece) => (piece === '' ? [] : fit(piece, level + 1, max, min)));
  return mergeScraps(pack(units, separator, max), separator, min);
}

/** Greedily fills parts with whole units, in order. */
function pack(units: string[], separator: string, max: number): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const unit of units) {
    if (current.length > 0 && length + separator.length + unit.length > max) {
      parts.push(current.join(separator));
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? separator.length : 0) + unit.length;
    current.push(unit);
  }
  if (current.length > 0) parts.push(current.join(separator));
  return parts;
}

/**
 * A scrap joins the part before it (or, at the start, the part after it). Packing is greedy, so two
 * scraps are never neighbours and each part grows at most once: this stays linear.
 */
function mergeScraps(parts: string[], separator: string, min: number): string[] {
  const merged: string[] = [];
  for (const part of parts) {
    const previous = merged.at(-1);
    if (previous !== undefined && (part.length < min || previous.length < min)) merged[merged.length - 1] = previous + separator + part;
    else merged.push(part);
  }
  return merged;
}

/** Text without any space (a long URL, an encoded blob): cut every `max` characters, never inside a surrogate pair. */
function hardCuts(text: string, max: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + max, text.length);
    if (end < text.length && end - 1 > start && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
