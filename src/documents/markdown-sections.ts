// A Markdown document split at its top-level headings (ATX "#" and setext underlines alike), with
// GitHub-style anchors. Headings inside lists or quotes are part of their section's text.
import { lexer, type Token, type Tokens } from 'marked';
import { splitFrontMatter } from './front-matter.js';
import { createSlugger } from './heading-slugs.js';
import { blockText, inlineText } from './markdown-text.js';
import { type HeadedBlock, type Heading, type OutlinedPage, outline } from './page-outline.js';
import { textSections } from './text-sections.js';
import { collapseSpaces } from './tidy-text.js';

export function markdownSections(body: string): OutlinedPage {
  const { title, content } = splitFrontMatter(body);
  let tokens: Token[];
  try {
    // A fresh options object: marked's global defaults may have been changed by anyone who called marked.use().
    tokens = lexer(content, { gfm: true });
  } catch {
    // marked recurses on nesting and overflows the stack past a few thousand levels ("> > > …"). Any
    // text is valid Markdown, so the document is still read, as plain text.
    const plain = textSections(content);
    return { title: title ?? plain.title, sections: plain.sections };
  }
  const slug = createSlugger();
  const blocks: HeadedBlock[] = [];
  let heading: Heading | null = null;
  let texts: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'heading') {
      texts.push(blockText(token));
      continue;
    }
    blocks.push({ heading, text: texts.join('\n\n') });
    texts = [];
    const text = collapseSpaces(inlineText((token as Tokens.Heading).tokens)).trim();
    // Every heading takes its slug, the page's own h1 included, so duplicates are numbered as GitHub numbers them.
    heading = { depth: (token as Tokens.Heading).depth, text, anchor: slug(text) };
  }
  blocks.push({ heading, text: texts.join('\n\n') });
  return outline(blocks, title);
}
