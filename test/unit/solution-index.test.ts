import { describe, expect, it } from 'vitest';
import { textKey } from '../../src/replies/answer-key.js';
import { createSolutionIndex } from '../../src/pipeline/learning/solution-index.js';

const solution = (n: number, response: string) => ({ ticketId: `t${n}`, message: `message ${n}`, response, intent: null });

describe('the solution index’s answers', () => {
  it('finds a solution by its answer’s words, whatever their spacing or case, until every ticket with it has left', () => {
    const index = createSolutionIndex();
    index.load([solution(1, 'Order a new card in the app.')]);
    index.upsert(solution(2, 'order a new card in the app'));
    const key = textKey('ORDER a new card   in the app!');
    expect(index.withAnswer(key)?.ticketId).toMatch(/^t[12]$/);
    index.remove('t1');
    expect(index.withAnswer(key)?.ticketId).toBe('t2');
    index.upsert(solution(2, 'Call us.'));
    expect(index.withAnswer(key)).toBeUndefined();
    expect(index.withAnswer(textKey('Call us.'))?.ticketId).toBe('t2');
  });
});
