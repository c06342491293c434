// The in-memory workspace ports, held to the contract the PostgreSQL ones are
// (test/integration/workspace-storage-contract.test.ts).
import { describe } from 'vitest';
import { workspaceStorageContract } from '../contracts/workspace-storage.contract.js';
import { memoryDeps } from '../memory/index.js';

describe('in-memory workspace storage', () => {
  workspaceStorageContract(() => memoryDeps());
});
