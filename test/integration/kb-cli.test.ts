// `firstline kb …` as a child process on a PostgreSQL database of its own: the same use cases as the
// admin API, from a terminal.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { useCliSandbox } from '../helpers/cli-sandbox.js';

const sandbox = useCliSandbox('kb-cli');
const SLOW = 120_000;

describe('firstline kb', () => {
  it(
    'adds a folder, lists it, syncs only what changed, and removes it',
    async () => {
      const env = () => sandbox.isolated({ DATABASE_URL: sandbox.databaseUrl() });
      const docs = path.join(sandbox.tempDir(), 'docs');
      await mkdir(docs, { recursive: true });
      await writeFile(
        path.join(docs, 'faq.md'),
        '# FAQ\n\n## Shipping\n\nOrders ship within two days from our warehouse.\n\n## Returns\n\nReturn any item within 30 days for a full refund.\n',
      );

      const added = await runCli(['kb', 'add', docs, '--name', 'faq'], env());
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(/^added faq {2}.*pages 1 {2}sections 2 /m);
      expect(added.stdout).toContain('2 sections added, 0 removed, 0 unchanged');

      const listed = await runCli(['kb', 'list'], env());
      expect(listed.stdout).toMatch(/^faq {2}.*docs {2}pages 1 {2}sections 2 {2}synced 20/m);

      await writeFile(
        path.join(docs, 'faq.md'),
        '# FAQ\n\n## Shipping\n\nOrders ship within two days from our warehouse.\n\n## Returns\n\nReturn any item within 60 days for a full refund.\n',
      );
      const synced = await runCli(['kb', 'sync', 'faq'], env());
      expect(synced.code).toBe(0);
      expect(synced.stdout).toContain('1 sections added, 1 removed, 1 unchanged');

      const removed = await runCli(['kb', 'remove', 'faq'], env());
      expect(removed.code).toBe(0);
      expect(removed.stdout).toContain('removed faq and its 2 sections');
      expect((await runCli(['kb', 'list'], env())).stdout).toContain('no knowledge sources yet');
      await rm(docs, { recursive: true, force: true });
    },
    SLOW,
  );

  it(
    'names the problem and exits 2 for a path that does not exist, an unknown source, or a bad command',
    async () => {
      const env = () => sandbox.isolated({ DATABASE_URL: sandbox.databaseUrl() });
      const missing = await runCli(['kb', 'add', path.join(sandbox.tempDir(), 'nowhere')], env());
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('nowhere');

      const unknown = await runCli(['kb', 'sync', 'ghost'], env());
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('No knowledge source is named "ghost"');

      const bad = await runCli(['kb', 'frobnicate'], env());
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('usage: firstline kb add');
    },
    SLOW,
  );

  it(
    'runs through the service that holds the embedded database, from the terminal’s own folder',
    async () => {
      const options = sandbox.isolated();
      const service = startCli(['start'], options);
      await service.waitForLog((l) => l.msg === 'API listening', 90_000);
      await mkdir(path.join(options.cwd, 'help'), { recursive: true });
      await writeFile(
        path.join(options.cwd, 'help', 'faq.md'),
        '# FAQ\n\n## Shipping\n\nOrders ship within two days from our warehouse.\n',
      );

      const added = await runCli(['kb', 'add', 'help'], options);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(added.stdout).toMatch(
        new RegExp(
          `^added help {2}${path.join(options.cwd, 'help').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2}pages 1 {2}sections 1 `,
          'm',
        ),
      );
      const refused = await runCli(['kb', 'remove', 'ghost'], options);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('No knowledge source is named "ghost"');
      expect((await runCli(['kb', 'list'], options)).stdout).toMatch(/^help {2}/m);

      service.child.kill('SIGTERM');
      expect(await service.exited).toMatchObject({ code: 0 });
    },
    SLOW,
  );
});
