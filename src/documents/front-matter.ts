// YAML front matter (Jekyll, Hugo, Docusaurus, MkDocs) is metadata, not text to answer from; its
// title, when it has one, is the page's title. Only the `title:` line is read: a YAML parser for one
// key is more than this needs, and documents/ may not depend on one.

/** Front matter opens the file with --- and closes with --- or ... on a line of their own. */
const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const TITLE_LINE = /^title:(.*)$/m;

/** The body without its front matter, and the title the front matter declares (null if none). */
export function splitFrontMatter(body: string): { title: string | null; content: string } {
  const match = FRONT_MATTER.exec(body);
  if (match === null) return { title: null, content: body };
  const title = TITLE_LINE.exec(match[1] ?? '')?.[1]?.trim() ?? '';
  return { title: isPlainValue(title) ? unquote(title) || null : null, content: body.slice(match[0].length) };
}

/** A block scalar (`title: >` or `|`) spans lines; rather than misread it, the page falls back to its h1. */
const isPlainValue = (value: string): boolean => value !== '' && !value.startsWith('>') && !value.startsWith('|');

function unquote(value: string): string {
  const quote = value[0];
  const isQuoted = value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote);
  return (isQuoted ? value.slice(1, -1) : value).trim();
}
