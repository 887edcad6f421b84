import { hash, randomBytes } from 'node:crypto';

const PREFIX = 'lyk_';

/** A new API key: 256 random bits, shown once; only its SHA-256 is stored (a high-entropy key needs no slow hash). */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, PREFIX.length + 6) };
}

/** SHA-256 in hex, one-shot (a third of createHash().update().digest()'s cost; every API request hashes its key). */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
