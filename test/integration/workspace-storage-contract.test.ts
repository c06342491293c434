// The PostgreSQL workspace ports held to the contract the in-memory ones are held to
// (test/contracts/workspace-storage.contract.ts), on a database of their own; and the tokens are
// sealed at rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/infra/db/database.js';
import { createInstallationRepository, createWorkspaceSettingsRepository } from '../../src/infra/db/workspace-repository.js';
import { createSecretBox } from '../../src/infra/secrets/secret-box.js';
import { workspaceStorageContract, type WorkspaceStorageFixture } from '../contracts/workspace-storage.contract.js';
import { createTestDatabase } from '../helpers/test-database.js';

describe('PostgreSQL workspace storage', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let fixture: WorkspaceStorageFixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ kind: 'postgres', url: database.url }, { migrate: false });
    fixture = {
      workspaces: createWorkspaceSettingsRepository(db.prisma),
      installations: createInstallationRepository(db.prisma, createSecretBox('contract-test-key-0123456789-abcdefghijklmnop')),
    };
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  workspaceStorageContract(() => fixture);

  it('stores no token in plain text', async () => {
    await fixture.installations.save({
      platform: 'SLACK',
      workspaceId: 'T-SEALED',
      name: null,
      botUserId: null,
      installedById: null,
      secret: '{"bot":{"token":"xoxb-secret-token"}}',
    });
    const rows = await db.query<{ secret: string }>(`SELECT secret FROM "ChatInstallation" WHERE "workspaceId" = 'T-SEALED'`, []);
    expect(rows[0]?.secret).toMatch(/^v1\./);
    expect(rows[0]?.secret).not.toContain('xoxb');
  });
});
