// Readable text assembled piece by piece from a document tree. Breaks are asked for, not written: a
// run of closing and opening block elements asks for many, and only the strongest one is written, once,
// before the next words. Pieces are collected in an array and joined once, so building stays linear.
import { collapseSpaces, tidyText } from './tidy-text.js';

const LINE = 1;
const PARAGRAPH = 2;

export class TextBuilder {
  private chunks: string[] = [];
  private pendingBreak = 0;
  private lastChar = '';
  /** The current line holds only a list marker: a paragraph inside a list item must not push its text to the next line. */
  private isAfterMarker = false;

  /** Words of the document. Prose has its whitespace collapsed; preformatted text (code) is kept as written. */
  text(raw: string, isPreformatted = false): void {
    const atLineStart = this.chunks.length === 0 || this.pendingBreak > 0 || this.lastChar === '\n';
    let text = isPreformatted ? raw.replace(/\r\n?/g, '\n') : collapseSpaces(raw);
    if (isPreformatted && atLineStart) text = stripLeadingNewlines(text);
    if (!isPreformatted && text.startsWith(' ') && (atLineStart || this.lastChar === ' ')) text = text.slice(1);
    if (text === '') return;
    this.write(text);
    this.isAfterMarker = false;
  }

  /** A list bullet or number: written like text, but the line still counts as empty for breaks. */
  marker(marker: string): void {
    this.write(marker);
    this.isAfterMarker = true;
  }

  lineBreak(): void {
    this.requestBreak(LINE);
  }

  paragraphBreak(): void {
    this.requestBreak(PARAGRAPH);
  }

  /** The text so far, tidied, and a fresh start for the next section. */
  take(): string {
    const text = tidyText(this.chunks.join(''));
    this.chunks = [];
    this.pendingBreak = 0;
    this.lastChar = '';
    this.isAfterMarker = false;
    return text;
  }

  private write(text: string): void {
    if (this.chunks.length > 0 && this.pendingBreak > 0) this.chunks.push('\n'.repeat(this.pendingBreak));
    this.pendingBreak = 0;
    this.chunks.push(text);
    this.lastChar = text.at(-1) ?? '';
  }

  private requestBreak(strength: number): void {
    if (this.isAfterMarker) return;
    // Spaces before a break are noise; drop them now so the join needs no second pass.
    while (this.chunks.length > 0) {
      const trimmed = (this.chunks.at(-1) ?? '').trimEnd();
      if (trimmed !== '') {
        this.chunks[this.chunks.length - 1] = trimmed;
        break;
      }
      this.chunks.pop();
    }
    this.lastChar = this.chunks.at(-1)?.at(-1) ?? '';
    this.pendingBreak = Math.max(this.pendingBreak, strength);
  }
}

function stripLeadingNewlines(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 10) start++;
  return text.slice(start);
}
