import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Option {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  channel_types?: number[];
  options?: Option[];
}
interface Command {
  name: string;
  description: string;
  contexts: number[];
  options?: Option[];
}

const commands = JSON.parse(readFileSync(new URL('../../manifests/discord-commands.json', import.meta.url), 'utf8')) as Command[];

describe('the Discord command definitions', () => {
  it('declares the commands the adapter routes, with descriptions Discord accepts (1 to 100 characters)', () => {
    expect(commands.map((c) => c.name).sort()).toEqual(['firstline', 'metrics', 'resolve', 'support']);
    const all = (options: Option[] = []): Option[] => options.flatMap((o) => [o, ...all(o.options)]);
    for (const item of [...commands, ...commands.flatMap((c) => all(c.options))]) {
      expect(item.description.length, item.name).toBeGreaterThan(0);
      expect(item.description.length, item.name).toBeLessThanOrEqual(100);
    }
  });

  it('has /firstline setup in servers only, with an optional text-channel agents-channel, a forum-only support-forum and a way to turn it off', () => {
    const firstline = commands.find((c) => c.name === 'firstline')!;
    expect(firstline.contexts).toEqual([0]);
    const setup = firstline.options?.find((o) => o.name === 'setup');
    expect(setup?.type).toBe(1);
    expect(setup?.options).toEqual([
      expect.objectContaining({ type: 7, name: 'agents-channel', required: false, channel_types: [0] }),
      expect.objectContaining({ type: 7, name: 'support-forum', required: false, channel_types: [15] }),
      expect.objectContaining({ type: 5, name: 'support-forum-off', required: false }),
    ]);
  });
});
