// Keys that say when two replies are the same answer. Agents retype and reformat, so the words are
// compared after lower-casing and dropping punctuation and spacing; anything else is a different
// answer (an agent who edits a suggestion disagrees with it, which only makes the fitted answer
// confidence more cautious).
import { createHash } from 'node:crypto';
import { ANSWER_CLASS_PREFIX } from '../domain/answer-confidence.js';
import { normalizeText } from '../nlp/tokenize.js';

const wordsOf = (text: string): string =>
  normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Hash of the reply's normalised words. */
export function textKey(text: string): string {
  return createHash('sha256').update(wordsOf(text)).digest('base64url').slice(0, 22);
}

/** The key a solution's track record is kept under: its words. */
export const solutionAnswerKey = (answer: string): string => `text:${textKey(answer)}`;

/** The key a template's track record is kept under: its id (its words vary with placeholders). */
export const templateAnswerKey = (templateId: string): string => `template:${templateId}`;

/** The classifier's class for messages agents gave this answer (see ANSWER_CLASS_PREFIX). */
export const answerClass = (answer: string): string => `${ANSWER_CLASS_PREFIX}${textKey(answer)}`;

/** The key a passage's track record is kept under: its content hash (a rewritten section starts afresh). */
export const passageAnswerKey = (hash: string): string => `passage:${hash}`;
