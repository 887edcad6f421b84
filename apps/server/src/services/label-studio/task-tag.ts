/**
 * A value carried beside an imported task object through the import (the file or storage object it came from),
 * under a symbol of its own: never serialised, never seen by the task's readers. Values other than objects (which
 * the import refuses anyway) carry nothing.
 */
export function taskTag<V>(name: string) {
  const symbol = Symbol(name);
  return {
    set: <T>(item: T, value: V): T => {
      if (typeof item === 'object' && item !== null)
        Object.defineProperty(item, symbol, { value, enumerable: false });
      return item;
    },
    of: (item: unknown): V | undefined =>
      typeof item === 'object' && item !== null ? (item as Record<symbol, V | undefined>)[symbol] : undefined,
  };
}
