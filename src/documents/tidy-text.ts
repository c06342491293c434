// Whitespace rules every format ends with, so the same words always make the same passage (and hash).
// Written with splits and loops rather than backtracking regular expressions: a document is untrusted
// input, and a pattern like /[ \t]+$/m is quadratic on a long run of spaces.

/**
 * Any run of whitespace as one space: prose, where line breaks in the source mean nothing. Zero-width
 * spaces count (docs generators put them in heading links); zero-width joiners do not, as emoji and
 * some scripts need them.
 */
export function collapseSpaces(text: string): string {
  return text.replace(/[\s\u200b]+/g, ' ');
}

/**
 * Line breaks normalised, trailing spaces dropped, blank lines between paragraphs kept but never
 * more than one in a row, and the whole trimmed. Indentation inside lines is kept (code).
 */
export function tidyText(text: string): string {
  const lines: string[] = [];
  let isPreviousBlank = true;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const isBlank = line === '';
    if (isBlank && isPreviousBlank) continue;
    lines.push(isBlank ? '' : line);
    isPreviousBlank = isBlank;
  }
  return lines.join('\n').trim();
}

/** A readable name for a page with no title: the last part of its path without the extension, else its host, else the URL as given. */
export function titleFromUrl(url: string): string {
  let path = url;
  let host = '';
  try {
    const parsed = new URL(url);
    path = parsed.pathname;
    host = parsed.hostname;
  } catch {
    // Not a URL we can parse (a bare file name, say): use it as a path.
  }
  const name = path
    .split(/[/\\]/)
    .filter((part) => part !== '')
    .at(-1);
  if (name === undefined) return host || url;
  const decoded = safeDecode(name);
  return decoded.replace(/\.[A-Za-z0-9]{1,8}$/, '') || decoded;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
