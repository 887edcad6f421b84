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
