/**
 * PostgreSQL text cannot hold U+0000 (SQLite can): a NUL anywhere in client input is refused on both databases with
 * an error naming where it is, instead of a database error (a 500 or a failed import job) on PostgreSQL only.
 */
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

/** The path (`data.name`, `attachments[0].value`) of the first string or key holding U+0000, or null. */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  // for…in, not Object.entries: this runs once per imported data row and must stay cheap.
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
    const v = record[key];
    if (typeof v === 'string' ? !v.includes('\u0000') : v === null || typeof v !== 'object') continue;
    const found = nulPath(v, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/**
 * Whether JSON text may hold U+0000 in a string or key. JSON carries it only escaped (`\u0000`: a raw control
 * character is not valid JSON), so text without that escape holds none and its parsed values need no `nulPath` walk.
 */
export function jsonMayHoldNul(text: string | Buffer): boolean {
  return text.includes('\\u0000');
}
