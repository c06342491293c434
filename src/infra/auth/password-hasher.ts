import bcrypt from 'bcrypt';
import type { PasswordHasher } from '../../domain/ports/access.js';

export function createPasswordHasher(rounds: number): PasswordHasher {
  // Compared against when the account does not exist, so a login for an unknown email takes as
  // long as one for a known email (no account enumeration by timing).
  const dummyHash = bcrypt.hashSync('firstline-timing-equaliser', rounds);
  return {
    hash: (password) => bcrypt.hash(password, rounds),
    async verify(password, hash) {
      const matches = await bcrypt.compare(password, hash ?? dummyHash);
      return hash !== null && matches;
    },
  };
}
