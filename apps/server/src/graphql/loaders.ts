import DataLoader from 'dataloader';
import type { Actor } from '../auth/actor.ts';
import type { DataRowRow } from '../repositories/data-row.repository.ts';
import type { UserRow } from '../repositories/identity.repository.ts';
import type { ProjectRow } from '../repositories/project.repository.ts';
import type { OntologyRecord } from '../services/ontology.service.ts';
import type { Services } from '../services/index.ts';
import type { GraphQLContext } from './context.ts';

/** Loads `keys` with one query and returns results in key order (null where missing). */
export function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await load(ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/**
 * `byId` loaders by the columns they read (`undefined`: every column), made on first use: a relation reads only
 * the columns of the fields selected on it, and fields selecting the same columns share one loader (one query).
 */
export function byIdWithColumns<T extends { id: string }, C extends string>(
  load: (ids: readonly string[], columns: readonly C[] | undefined) => Promise<T[]>,
) {
  const loaders = new Map<string, SettledLoader<T>>();
  return (columns: readonly C[] | undefined): SettledLoader<T> => {
    const key = columns?.join(',') ?? '*';
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = new SettledLoader(byId((ids) => load(ids, columns)))));
    return loader;
  };
}

/**
 * A `byId` loader that also answers without a promise once a key is loaded. A list resolver loads the relation of
 * its whole page at once (`prefetch`, one query); each item's field then gets a plain value from `get`, which
 * graphql-js completes without the promise, `then` and `Promise.all` over the item's fields that a pending value
 * costs it (per item of a page of 100).
 */
export class SettledLoader<T> {
  readonly #settled = new Map<string, T | null>();

  constructor(readonly loader: DataLoader<string, T | null>) {}

  async prefetch(ids: Iterable<string>): Promise<void> {
    const keys = [...new Set(ids)];
    const values = await this.loader.loadMany(keys);
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (!(value instanceof Error)) this.#settled.set(keys[i]!, value ?? null);
    }
  }

  get(id: string): T | null | Promise<T | null> {
    const value = this.#settled.get(id);
    return value !== undefined ? value : this.#settled.has(id) ? null : this.loader.load(id);
  }
}

/** `f` of a value that may still be pending: applied at once to a plain value, on settling to a promise. */
export function mapSettled<T, U>(value: T | Promise<T>, f: (value: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** Loads one number per key with one grouped query (missing keys count 0). */
export function countsBy(load: (ids: readonly string[]) => Promise<Map<string, number>>) {
  return new DataLoader<string, number>(async (ids) => {
    const counts = await load(ids);
    return ids.map((id) => counts.get(id) ?? 0);
  });
}

/**
 * A value made once per request and kept for its lifetime (a resolver file's own loaders, beside the shared ones
 * below): `const tagsOf = perRequest((ctx) => new DataLoader(…))`.
 */
export function perRequest<T>(make: (ctx: GraphQLContext) => T): (ctx: GraphQLContext) => T {
  const made = new WeakMap<GraphQLContext, T>();
  return (ctx) => {
    let value = made.get(ctx);
    if (value === undefined) made.set(ctx, (value = make(ctx)));
    return value;
  };
}

/**
 * Request-scoped loaders: a list of N items resolving a relation costs one query, not N. Each is made on first use,
 * so a request that resolves no relation (most small queries) allocates none.
 */
export class Loaders {
  #user?: DataLoader<string, UserRow | null>;
  #project?: DataLoader<string, ProjectRow | null>;
  #projectDataRowCount?: DataLoader<string, number>;
  #projectLabelCount?: DataLoader<string, number>;
  #ontology?: DataLoader<string, OntologyRecord | null>;
  #dataRow?: DataLoader<string, DataRowRow | null>;

  constructor(
    private readonly actor: Actor,
    private readonly services: Services,
  ) {}

  get user() {
    return (this.#user ??= byId((ids) => this.services.identity.usersByIds(this.actor, ids)));
  }
  get project() {
    return (this.#project ??= byId((ids) => this.services.projects.getMany(this.actor, ids)));
  }
  get projectDataRowCount() {
    return (this.#projectDataRowCount ??= countsBy((ids) =>
      this.services.projects.dataRowCounts(this.actor, ids),
    ));
  }
  get projectLabelCount() {
    return (this.#projectLabelCount ??= countsBy((ids) =>
      this.services.projects.labelCounts(this.actor, ids),
    ));
  }
  get ontology() {
    return (this.#ontology ??= byId((ids) => this.services.ontologies.getMany(this.actor, ids)));
  }
  get dataRow() {
    return (this.#dataRow ??= byId((ids) => this.services.dataRows.byIds(this.actor, ids)));
  }
}

export function createLoaders(actor: Actor, services: Services): Loaders {
  return new Loaders(actor, services);
}
