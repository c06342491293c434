// An integration's API key, as listed (the secret itself is never stored; see api-key-secret.ts).
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdById: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
