import { ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  WHICH_SERVER,
  dmServerAnswered,
  dmServerCustomId,
  dmServerQuestion,
  parseDmServerCustomId,
} from '../../src/adapters/discord/dm-server-question.js';
import { MAX_DM_SERVER_CHOICES } from '../../src/adapters/discord/server-scope.js';

const MESSAGE = '1234567890123456789';
const A = { id: '200000000000000001', name: 'Alpha' };
const B = { id: '200000000000000002', name: 'Beta' };

describe('the custom id of the DM’s server question', () => {
  it('carries the DM message’s id and reads back to it', () => {
    expect(dmServerCustomId(MESSAGE)).toBe(`dm-server:${MESSAGE}`);
    expect(parseDmServerCustomId(dmServerCustomId(MESSAGE))).toBe(MESSAGE);
  });

  it('stays within Discord’s 100 characters for any snowflake', () => {
    expect(dmServerCustomId('18446744073709551615').length).toBeLessThanOrEqual(100);
  });

  it('is not read from other custom ids, and refuses what is not a message id', () => {
    for (const other of ['claim:123', 'dm-server:', 'dm-server:12a', `dm-server:${MESSAGE}:x`, `x-dm-server:${MESSAGE}`]) {
      expect(parseDmServerCustomId(other)).toBeNull();
    }
    expect(() => dmServerCustomId('not-an-id')).toThrow();
  });
});

describe('the DM’s server question', () => {
  it('asks which server with one select menu: server names as labels, their ids as values, one choice', () => {
    const question = dmServerQuestion([A, B], MESSAGE);
    expect(question.content).toBe(WHICH_SERVER);
    expect(question.components).toEqual([
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: `dm-server:${MESSAGE}`,
            placeholder: 'Choose a server',
            min_values: 1,
            max_values: 1,
            options: [
              { label: 'Alpha', value: A.id },
              { label: 'Beta', value: B.id },
            ],
          },
        ],
      },
    ]);
  });

  it('offers at most 25 servers (Discord’s limit), with labels of at most 100 characters', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `2${String(i).padStart(17, '0')}`, name: `${'S'.repeat(120)}${i}` }));
    const [select] = dmServerQuestion(many, MESSAGE).components[0]!.components;
    expect(select!.options).toHaveLength(MAX_DM_SERVER_CHOICES);
    expect(Math.max(...select!.options.map((o) => o.label.length))).toBe(100);
  });

  it('says which server was chosen once answered, the name shown as written', () => {
    expect(dmServerAnswered('My_server')).toBe('This is about **My\\_server**; I opened a ticket there.');
    expect(dmServerAnswered(undefined)).toBe('I opened a ticket.');
  });
});
