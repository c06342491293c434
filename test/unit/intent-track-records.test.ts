import { describe, expect, it } from 'vitest';
import { sumByIntent } from '../../src/pipeline/tuning/intent-track-records.js';

const template = (id: string) => ({ id }) as never;
const pack = {
  intents: [
    { name: 'billing', templates: [template('billing.refund'), template('billing.invoice')] },
    { name: 'login_issue', templates: [template('login_issue.reset_password')] },
  ],
} as never;

describe('sumByIntent', () => {
  it('adds up the ratings of each intent’s templates and leaves out intents none of whose templates was rated', () => {
    const records = new Map([
      ['template:billing.refund', { helpful: 3, notHelpful: 1 }],
      ['template:billing.invoice', { helpful: 2, notHelpful: 0 }],
      ['reuse:abc', { helpful: 9, notHelpful: 9 }],
    ]);
    expect([...sumByIntent(pack, records)]).toEqual([['billing', { helpful: 5, notHelpful: 1 }]]);
  });
});
