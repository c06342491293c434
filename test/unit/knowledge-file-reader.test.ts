import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../src/domain/knowledge.js';
import { createDocumentReader } from '../../src/infra/knowledge/document-reader.js';

const reader = createDocumentReader();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'firstline-docs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(tree: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

const readDir = (limits: Partial<ReadLimits> = {}, path = dir) =>
  reader.read({ kind: 'path', path }, { ...DEFAULT_READ_LIMITS, ...limits });
const fileUrl = (path: string) => pathToFileURL(join(dir, path)).href;

describe('reading a folder of docs', () => {
  it('reads every Markdown, HTML and text file below the folder, in sorted path order, each by its file:// URL', async () => {
    await files({
      'z.txt': 'plain',
      'a.md': '# A',
      'guide/b.markdown': '# B',
      'guide/deep/c.mdx': '# C',
      'guide/d.html': '<h1>D</h1>',
      'e.htm': '<p>E</p>',
      'f.text': 'F',
      'G.MD': '# G',
    });
    const reading = await readDir();
    expect(reading.errors).toEqual([]);
    expect(reading.documents).toEqual([
      { url: fileUrl('G.MD'), format: 'markdown', body: '# G' },
      { url: fileUrl('a.md'), format: 'markdown', body: '# A' },
      { url: fileUrl('e.htm'), format: 'html', body: '<p>E</p>' },
      { url: fileUrl('f.text'), format: 'text', body: 'F' },
      { url: fileUrl('guide/b.markdown'), format: 'markdown', body: '# B' },
      { url: fileUrl('guide/d.html'), format: 'html', body: '<h1>D</h1>' },
      { url: fileUrl('guide/deep/c.mdx'), format: 'markdown', body: '# C' },
      { url: fileUrl('z.txt'), format: 'text', body: 'plain' },
    ]);
  });

  it('skips other files, dot-files, dot-folders and node_modules silently', async () => {
    await files({
      'keep.md': 'kept',
      'logo.png': Buffer.from([0x89, 0x50]),
      'config.json': '{}',
      Makefile: 'all:',
      '.hidden.md': 'no',
      '.git/HEAD.txt': 'no',
      'node_modules/pkg/README.md': 'no',
      'sub/node_modules/x.md': 'no',
    });
    const reading = await readDir();
    expect(reading.documents.map((d) => d.url)).toEqual([fileUrl('keep.md')]);
    expect(reading.errors).toEqual([]);
  });

  it('follows a symlink to a file but not one to a folder, which could loop', async () => {
    await files({ 'real/page.md': 'real' });
    await symlink(join(dir, 'real/page.md'), join(dir, 'alias.md'));
    await symlink(dir, join(dir, 'real/loop'));
    const reading = await readDir();
    expect(reading.documents.map((d) => d.url)).toEqual([fileUrl('alias.md'), fileUrl('real/page.md')]);
  });

  it('reads a single file given by its path', async () => {
    await files({ 'only.html': '<p>hi</p>', 'other.md': 'not read' });
    const reading = await readDir({}, join(dir, 'only.html'));
    expect(reading).toEqual({ documents: [{ url: fileUrl('only.html'), format: 'html', body: '<p>hi</p>' }], errors: [] });
  });

  it('stops at maxPages and records one error saying the limit was reached', async () => {
    await files({ '1.md': '1', '2.md': '2', '3.md': '3', '4.md': '4', '5.md': '5' });
    const reading = await readDir({ maxPages: 3 });
    expect(reading.documents.map((d) => d.body)).toEqual(['1', '2', '3']);
    expect(reading.errors).toHaveLength(1);
    expect(reading.errors[0]!.error).toMatch(/limit/);
  });

  it('records no limit error when the folder holds exactly maxPages documents', async () => {
    await files({ '1.md': '1', '2.md': '2' });
    const reading = await readDir({ maxPages: 2 });
    expect(reading.documents).toHaveLength(2);
    expect(reading.errors).toEqual([]);
  });

  it('records a file larger than maxPageBytes as an error for that file and reads the rest', async () => {
    await files({ 'big.md': 'x'.repeat(2_000), 'small.md': 'ok' });
    const reading = await readDir({ maxPageBytes: 1_000 });
    expect(reading.documents.map((d) => d.url)).toEqual([fileUrl('small.md')]);
    expect(reading.errors).toEqual([{ url: fileUrl('big.md'), error: expect.stringMatching(/too large: 2000 bytes/) }]);
  });

  it('reads invalid UTF-8 with replacement characters instead of failing', async () => {
    await files({ 'latin.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x21]) });
    const reading = await readDir();
    expect(reading.documents[0]!.body).toBe('caf\uFFFD!');
  });

  it('sees a changed file on the next read', async () => {
    await files({ 'faq.md': '# Old answer' });
    expect((await readDir()).documents[0]!.body).toBe('# Old answer');
    await files({ 'faq.md': '# New answer' });
    expect((await readDir()).documents[0]!.body).toBe('# New answer');
  });

  it('reads an empty folder as no documents and no errors', async () => {
    expect(await readDir()).toEqual({ documents: [], errors: [] });
  });
});

describe('a path that cannot be read as a source', () => {
  it('throws a validation AppError naming a path that does not exist', async () => {
    const missing = join(dir, 'nope');
    const error = await readDir({}, missing).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(missing) });
  });

  it('throws a validation AppError for a single file that is not Markdown, HTML or text', async () => {
    await files({ 'slides.pdf': '%PDF' });
    await expect(readDir({}, join(dir, 'slides.pdf'))).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('slides.pdf'),
    });
  });
});
