import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../../src/infra/db/split-sql.js';

describe('splitSqlStatements', () => {
  it('splits on the semicolons that end statements', () => {
    expect(splitSqlStatements('CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE TABLE b (y int)',
    ]);
  });

  it('keeps a dollar-quoted function body whole', () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'no; never';\nEND;\n$$ LANGUAGE plpgsql`;
    expect(splitSqlStatements(`${fn};\nSELECT 1;`)).toEqual([fn, 'SELECT 1']);
  });

  it('keeps tagged dollar quotes, strings, quoted identifiers and comments intact', () => {
    const script = `SELECT $body$ a; b $body$;\nSELECT 'it''s; fine';\nSELECT 1 AS "odd;name";\n-- a comment; with a semicolon\nSELECT 2; /* block; comment */ SELECT 3;`;
    expect(splitSqlStatements(script)).toEqual([
      'SELECT $body$ a; b $body$',
      "SELECT 'it''s; fine'",
      'SELECT 1 AS "odd;name"',
      '-- a comment; with a semicolon\nSELECT 2',
      '/* block; comment */ SELECT 3',
    ]);
  });

  it('drops empty and comment-only pieces', () => {
    expect(splitSqlStatements('-- only a comment\n;;\n')).toEqual([]);
  });
});
