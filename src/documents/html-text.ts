// The readable text of an HTML tree: boilerplate and hidden parts dropped, blocks on their own
// paragraphs, list items and table rows on their own lines, code kept as written. The walk uses its
// own stack, not recursion: a page of 50,000 nested unclosed <div>s must not overflow the call stack.
import { DomUtils, parseDocument } from 'htmlparser2';
import { TextBuilder } from './text-builder.js';

type DomDocument = ReturnType<typeof parseDocument>;
export type DomNode = DomDocument['children'][number];
export type DomElement = Extract<DomNode, { attribs: unknown }>;

const isElement = (node: DomNode): node is DomElement => 'attribs' in node;

/** Navigation, chrome and non-text: never part of an answer. header and footer only outside the content (see isPageChrome). */
const DROPPED = new Set([
  'head',
  'title',
  'script',
  'style',
  'nav',
  'aside',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'canvas',
  'button',
  'select',
]);
const CONTENT = new Set(['main', 'article', 'section']);
const PARAGRAPHS = new Set(
  'p div section article main blockquote table dl figure address details fieldset form header footer h1 h2 h3 h4 h5 h6'.split(' '),
);
const LINES = new Set(['tr', 'dt', 'dd', 'caption', 'figcaption', 'summary', 'li']);
const BLOCKS = new Set([...PARAGRAPHS, ...LINES, 'pre', 'ul', 'ol', 'hr']);
const HEADING_DEPTH: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/**
 * Called for each h1–h6 instead of writing it, with the heading's own (inline) content. htmlparser2
 * does not close a heading at a block, so an unclosed <h2> can hold the rest of the page: blocks
 * inside a heading are walked as the text of its section rather than lost.
 */
export type OnHeading = (heading: DomElement, depth: number, inline: DomNode[]) => void;

/** Writes the text of `nodes` to `out`. Without `onHeading`, headings are written as paragraphs. */
export function writeText(nodes: readonly DomNode[], out: TextBuilder, onHeading?: OnHeading): void {
  const lists: { isOrdered: boolean; next: number }[] = [];
  let preDepth = 0;
  const stack: { node: DomNode; isExit: boolean }[] = [...nodes].reverse().map((node) => ({ node, isExit: false }));
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const node = frame.node;
    if (!isElement(node)) {
      if ('data' in node && node.type === 'text') out.text(node.data, preDepth > 0);
      continue;
    }
    const name = node.name;
    const isList = name === 'ul' || name === 'ol';
    if (frame.isExit) {
      if (name === 'pre') preDepth--;
      if (isList) lists.pop();
      blockBreak(out, name, lists.length > 0);
      continue;
    }
    if (DROPPED.has(name) || isHidden(node) || isPageChrome(node)) continue;
    const children = node.children as DomNode[];
    const depth = HEADING_DEPTH[name];
    if (depth !== undefined && onHeading) {
      const inlineEnd = firstBlock(children);
      onHeading(node, depth, children.slice(0, inlineEnd));
      pushChildren(stack, children, inlineEnd);
      continue;
    }
    if (name === 'br') out.lineBreak();
    if (name === 'hr') out.paragraphBreak();
    blockBreak(out, name, lists.length > 0);
    if (name === 'pre') preDepth++;
    if (isList) lists.push({ isOrdered: name === 'ol', next: Number.parseInt(DomUtils.getAttributeValue(node, 'start') ?? '1', 10) || 1 });
    if (name === 'li') out.marker(listMarker(lists));
    // A cell is never glued to the words before it: a bar between cells, else a space (dropped at a line start).
    if (name === 'td' || name === 'th') {
      const isAfterCell = isCellAfterCell(node);
      out.text(isAfterCell ? ' | ' : ' ', isAfterCell);
    }
    stack.push({ node, isExit: true });
    pushChildren(stack, children, 0);
  }
}

function pushChildren(stack: { node: DomNode; isExit: boolean }[], children: DomNode[], from: number): void {
  for (let i = children.length - 1; i >= from; i--) stack.push({ node: children[i] as DomNode, isExit: false });
}

/** Where a heading's inline content ends: its first block child, if any. */
function firstBlock(children: DomNode[]): number {
  const index = children.findIndex((child) => isElement(child) && BLOCKS.has(child.name));
  return index === -1 ? children.length : index;
}

/** The readable text of an HTML fragment (a block of HTML inside Markdown, say). */
export function htmlToText(html: string): string {
  const out = new TextBuilder();
  writeText(parseDocument(html).children, out);
  return out.take();
}

/**
 * Character references (&amp;, &copy;, &#x41;) as characters, by htmlparser2's own decoder. Every "<" is
 * escaped first, so text that merely looks like a tag ("a<b") stays text.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return DomUtils.textContent(parseDocument(text.replaceAll('<', '&lt;')));
}

/** Inside a list every block is a line: a <p> in an <li> must not leave blank lines between the items. */
function blockBreak(out: TextBuilder, name: string, isInList: boolean): void {
  const isParagraph = PARAGRAPHS.has(name) || name === 'pre' || name === 'ul' || name === 'ol';
  if (isParagraph && !isInList) out.paragraphBreak();
  else if (isParagraph || LINES.has(name)) out.lineBreak();
}

/** "- " or "3. ", indented two spaces per level of nesting, as the Markdown text is. */
function listMarker(lists: { isOrdered: boolean; next: number }[]): string {
  const list = lists.at(-1);
  const indent = '  '.repeat(Math.max(lists.length - 1, 0));
  return indent + (list?.isOrdered ? `${list.next++}. ` : '- ');
}

function isHidden(element: DomElement): boolean {
  return DomUtils.hasAttrib(element, 'hidden') || DomUtils.getAttributeValue(element, 'aria-hidden') === 'true';
}

/** A page's own header and footer are chrome; an article's header (often holding its h1) is content. */
function isPageChrome(element: DomElement): boolean {
  if (element.name !== 'header' && element.name !== 'footer') return false;
  for (let parent = element.parent; parent !== null; parent = parent.parent) {
    if ('name' in parent && CONTENT.has(parent.name)) return false;
  }
  return true;
}

function isCellAfterCell(cell: DomElement): boolean {
  const previous = DomUtils.prevElementSibling(cell);
  return previous !== null && (previous.name === 'td' || previous.name === 'th');
}
