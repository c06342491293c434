import { describe, expect, it } from 'vitest';
import { joinedTerms } from '../../src/nlp/joined-words.js';
import { ENGLISH_STOP_WORDS } from '../../src/nlp/stop-words.js';

describe('joined words', () => {
  const known = new Set(['email', 'backup', 'github']);
  const isKnown = (stem: string) => known.has(stem);

  it('joins neighbouring words whose concatenation the index holds, with the words it stands for', () => {
    expect(joinedTerms('how do i back up my e mail on git hub', isKnown, ENGLISH_STOP_WORDS)).toEqual([
      { term: 'backup', parts: ['back'] },
      { term: 'email', parts: ['mail'] },
      { term: 'github', parts: ['git', 'hub'] },
    ]);
  });

  it('does not join into a term the index lacks, or into a stop word', () => {
    expect(joinedTerms('sign in', isKnown, ENGLISH_STOP_WORDS)).toEqual([]);
    expect(joinedTerms('can not', () => true, ENGLISH_STOP_WORDS)).toEqual([]);
  });
});
