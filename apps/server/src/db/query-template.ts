import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter } from 'kysely';
import type { Db } from './database.ts';

/** Stands in for argument `i` while a template is compiled; NUL never reaches stored text (nul-text.ts). */
const sentinel = (i: number) => `\u0000query-template:${i}\u0000`;
const SENTINEL_MARK = '\u0000query-template:';

/** Compiled SQL with, per parameter, the argument it takes (a number) or the constant it keeps. */
type Slot = { arg: number } | { value: unknown };
type Template = { compiled: CompiledQuery; slots: readonly Slot[] };

/**
 * A query of fixed shape, built and compiled to SQL once per dialect and afterwards run with each call's
 * arguments put in place of the first call's. Kysely builds every query as a tree of frozen nodes and compiles
 * it with a visitor, every time: for a one-row lookup that was more server CPU than SQLite spent running it
 * (issue 11: `{ user { id } }` computed afresh, 141 → 123 µs of server CPU per request, medians of alternating
 * runs, from its one lookup alone).
 *
 * `build` must give the same query for every argument value (no branches on them), and use each argument as a
 * whole parameter value (`where('id', '=', id)`, not `like(`%${q}%`)` or `sql.raw`); the template is checked
 * for that when it is made, and a query that does not qualify is simply built each time.
 */
export function queryTemplate<Args extends string[], Row>(
  build: (db: Db, ...args: Args) => Compilable<Row>,
): (db: Db, ...args: Args) => Promise<Row[]> {
  const templates = new WeakMap<DialectAdapter, Template | null>();
  return async (db, ...args) => {
    const executor = db.getExecutor();
    let template = templates.get(executor.adapter);
    if (template === undefined) {
      template = makeTemplate(build(db, ...(args.map((_, i) => sentinel(i)) as Args)).compile(), args.length);
      templates.set(executor.adapter, template);
    }
    if (template === null) return (await db.executeQuery(build(db, ...args).compile())).rows;
    const parameters = template.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    const compiled: CompiledQuery<Row> = { ...template.compiled, queryId: createQueryId(), parameters };
    return (await db.executeQuery(compiled)).rows;
  };
}

/** The template of a query compiled with sentinels for arguments, or null if an argument is not a plain parameter. */
export function makeTemplate(compiled: CompiledQuery, argCount: number): Template | null {
  if (compiled.sql.includes(SENTINEL_MARK)) return null;
  const argOf = new Map(Array.from({ length: argCount }, (_, i) => [sentinel(i), i]));
  const used = new Set<number>();
  const slots: Slot[] = [];
  for (const value of compiled.parameters) {
    if (typeof value === 'string' && value.includes(SENTINEL_MARK)) {
      const arg = argOf.get(value);
      if (arg === undefined) return null;
      used.add(arg);
      slots.push({ arg });
    } else {
      if (typeof value === 'object' && value !== null && JSON.stringify(value).includes(SENTINEL_MARK))
        return null;
      slots.push({ value });
    }
  }
  return used.size === argCount ? { compiled, slots } : null;
}
