/**
 * A unique constraint failed: Prisma's P2002 (whatever the driver adapter), or PostgreSQL's own
 * 23505 from plain SQL sent with Database.query.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'P2002' || code === '23505';
}
