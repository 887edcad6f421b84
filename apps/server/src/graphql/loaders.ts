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

/** Request-scoped loaders: a list of N items resolving a relation costs one query, not N. */
export function createLoaders(actor: Actor, services: Services) {
  return {
    user: byId<UserRow>((ids) => services.identity.usersByIds(actor, ids)),
    project: byId<ProjectRow>((ids) => services.projects.getMany(actor, ids)),
    projectDataRowCount: countsBy((ids) => services.projects.dataRowCounts(actor, ids)),
    projectLabelCount: countsBy((ids) => services.projects.labelCounts(actor, ids)),
    ontology: byId<OntologyRecord>((ids) => services.ontologies.getMany(actor, ids)),
    dataRow: byId<DataRowRow>((ids) => services.dataRows.byIds(actor, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
