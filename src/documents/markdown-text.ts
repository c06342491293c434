// The readable text of marked's tokens: emphasis and links reduced to their words, code kept as
// written, list items and table rows one per line, HTML blocks read as HTML. marked leaves character
// references (&amp;) in its text tokens, so they are decoded here.
import type { Token, Tokens } from 'marked';
import { decodeEntities, htmlToText } from './html-text.js';
import { collapseSpaces } from './tidy-text.js';

/** The text of a block-level token (a paragraph, list, table, code block …). */
export function blockText(token: Token): string {
  switch (token.type) {
    case 'paragraph':
    case 'heading':
      return inlineText((token as Tokens.Paragraph).tokens);
    case 'text':
      return textToken(token as Tokens.Text);
    case 'code':
      return (token as Tokens.Code).text;
    case 'list':
      return listText(token as Tokens.List);
    case 'blockquote':
      return blocksText((token as Tokens.Blockquote).tokens, '\n\n');
    case 'table':
      return tableText(token as Tokens.Table);
    case 'html':
      return htmlToText((token as Tokens.HTML).text);
    case 'space':
    case 'hr':
    case 'def':
      return '';
    default:
      return genericText(token as Tokens.Generic, (tokens) => blocksText(tokens, '\n\n'));
  }
}

/** The text of inline tokens on one logical line; only hard breaks (two spaces, <br>) start a new line. */
export function inlineText(tokens: readonly Token[]): string {
  const text = tokens.map(inlinePiece).join('');
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
}

function inlinePiece(token: Token): string {
  switch (token.type) {
    case 'text':
      return textToken(token as Tokens.Text);
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'codespan':
      return collapseSpaces((token as Tokens.Codespan).text);
    case 'image':
      return (token as Tokens.Image).text;
    case 'br':
      return '\n';
    case 'html':
      return /^<br\b/i.test(token.raw) ? '\n' : ''; // inline tags go; the words between them are text tokens
    case 'checkbox':
      return ''; // written once by listText, from the item, wherever marked put the token
    default:
      return genericText(token as Tokens.Generic, (tokens) => tokens.map(inlinePiece).join(''));
  }
}

/** A token of a kind this file does not know (an extension's): its children if it has any, else its text. */
function genericText(token: Tokens.Generic, children: (tokens: Token[]) => string): string {
  if (token.tokens) return children(token.tokens);
  return typeof token.text === 'string' ? token.text : '';
}

/** A text token either wraps inline tokens (a tight list item) or is words, whose soft line breaks are spaces. */
function textToken(token: Tokens.Text): string {
  return token.tokens ? token.tokens.map(inlinePiece).join('') : decodeEntities(collapseSpaces(token.text));
}

function blocksText(tokens: readonly Token[], separator: string): string {
  return tokens
    .map(blockText)
    .filter((text) => text !== '')
    .join(separator);
}

/** One item per line, nested lists indented under their item. */
function listText(list: Tokens.List): string {
  const first = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, i) => {
      const task = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
      const marker = (list.ordered ? `${first + i}. ` : '- ') + task;
      const body = blocksText(item.tokens, item.loose ? '\n\n' : '\n');
      return marker + body.split('\n').join('\n  ');
    })
    .join('\n');
}

function tableText(table: Tokens.Table): string {
  return [table.header, ...table.rows].map((row) => row.map((cell) => inlineText(cell.tokens)).join(' | ')).join('\n');
}
