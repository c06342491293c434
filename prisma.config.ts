import { existsSync } from 'node:fs';
import { defineConfig } from 'prisma/config';

// The Prisma CLI downloads its native schema engine on every command, even `prisma generate`,
// which does not need it. Offline that fails, so point it at a stub unless a real engine is
// configured. Migrations run through Prisma's Wasm schema engine (src/infra/db/migrator.ts).
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync('tools/schema-engine-stub')) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = 'tools/schema-engine-stub';
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Read only by the native-engine CLI commands (`prisma migrate deploy/status`) where a real
  // engine is available; Firstline itself never needs them.
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/firstline' },
});
