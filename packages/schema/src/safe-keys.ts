/**
 * Keys that reach an object's prototype when used as a property name. Client-chosen keys and paths (multipart
 * `map`, JSON objects copied key by key) must never be written or walked through with them.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export const isUnsafeKey = (key: string): boolean => UNSAFE_KEYS.has(key);

/** `table[key]` for a lookup table built in code, or undefined when `key` is not one of its own keys. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
