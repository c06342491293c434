// An HTML page split at its headings. Only the main content is read when the page marks it (<main>
// or role="main"), so site navigation around it never becomes a passage; the title is <title>, or
// the first h1 (see page-outline.ts for how the page's own h1 is kept out of heading paths).
import { DomUtils, parseDocument } from 'htmlparser2';
import { type DomElement, type DomNode, writeText } from './html-text.js';
import { type HeadedBlock, type Heading, type OutlinedPage, outline } from './page-outline.js';
import { TextBuilder } from './text-builder.js';
import { collapseSpaces } from './tidy-text.js';

/** htmlparser2 recovers from any markup (unclosed, misnested, binary junk) and never throws, so neither does this. */
export function htmlSections(body: string): OutlinedPage {
  const dom = parseDocument(body);
  const out = new TextBuilder();
  const blocks: HeadedBlock[] = [];
  let heading: Heading | null = null;
  writeText(contentOf(dom.children), out, (element, depth, inline) => {
    blocks.push({ heading, text: out.take() });
    heading = { depth, text: headingText(inline), anchor: headingAnchor(element, inline) };
  });
  blocks.push({ heading, text: out.take() });
  return outline(blocks, pageTitle(dom.children));
}

function contentOf(nodes: DomNode[]): DomNode[] {
  const main = DomUtils.findAll((el) => el.name === 'main' || DomUtils.getAttributeValue(el, 'role') === 'main', nodes)[0];
  return main ? [main] : nodes;
}

function pageTitle(nodes: DomNode[]): string | null {
  const title = DomUtils.findAll((el) => el.name === 'title', nodes)[0];
  return title ? singleLine(DomUtils.textContent(title)) || null : null;
}

/** Docs generators append a permalink sign (Sphinx and MkDocs "¶", others "§" or "#") that is not part of the heading. */
function headingText(inline: DomNode[]): string {
  const out = new TextBuilder();
  writeText(inline, out);
  return singleLine(out.take()).replace(/[¶§]/g, '').replace(/\s#$/, '').trim();
}

/**
 * The fragment that links to a heading: its own id; else an id or <a name> just inside it; else the id
 * of a <section> it opens (Sphinx writes <section id="install"><h2>Install</h2>).
 */
function headingAnchor(heading: DomElement, inline: DomNode[]): string | null {
  const own = DomUtils.getAttributeValue(heading, 'id');
  if (own) return own;
  const inside = DomUtils.findAll((el) => DomUtils.hasAttrib(el, 'id') || (el.name === 'a' && DomUtils.hasAttrib(el, 'name')), inline)[0];
  if (inside) return DomUtils.getAttributeValue(inside, 'id') || DomUtils.getAttributeValue(inside, 'name') || null;
  const parent = heading.parent;
  if (parent && 'attribs' in parent && parent.name === 'section' && DomUtils.prevElementSibling(heading) === null) {
    return DomUtils.getAttributeValue(parent, 'id') || null;
  }
  return null;
}

const singleLine = (text: string): string => collapseSpaces(text).trim();
