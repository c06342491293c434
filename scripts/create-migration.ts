// `npm run db:migrate:create -- <name>`: writes a migration for what schema.prisma adds to the
// existing migrations (the offline `prisma migrate dev --create-only`). Runs on in-memory PGlite.
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createMigration } from '../src/infra/db/migrator.js';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: npm run db:migrate:create -- <name>\n');
  process.exit(2);
}
const pglite = await PGlite.create();
try {
  const dir = await createMigration(new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory, name);
  process.stdout.write(dir ? `created prisma/migrations/${dir}\n` : 'schema.prisma and the migrations agree: nothing to create\n');
} finally {
  await pglite.close();
}
