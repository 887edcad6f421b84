import DataLoader from 'dataloader';
import type { AttachmentRow } from '../../repositories/data-row.repository.ts';
import type { DatasetRow } from '../../repositories/dataset.repository.ts';
import type { OrganizationRow } from '../../repositories/identity.repository.ts';
import type { MetadataIndex } from '../../services/metadata.values.ts';
import type { GraphQLContext } from '../context.ts';
import { byId, perRequest } from '../loaders.ts';

function createCatalogLoaders(ctx: GraphQLContext) {
  const { actor, services } = ctx;
  let metadata: Promise<MetadataIndex> | undefined;
  let organization: Promise<OrganizationRow> | undefined;
  return {
    dataset: byId<DatasetRow>((ids) => services.datasets.byIds(actor, ids)),
    /** All attachments of many rows in one query; each row's list in creation order. */
    attachments: new DataLoader<string, AttachmentRow[]>(async (ids) => {
      const groups = new Map<string, AttachmentRow[]>();
      for (const a of await services.dataRows.attachments(actor, ids)) {
        const list = groups.get(a.data_row_id);
        if (list) list.push(a);
        else groups.set(a.data_row_id, [a]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    }),
    /** The organization's metadata schemas, read once per request. */
    metadata: () => (metadata ??= services.metadata.index(actor)),
    organization: () => (organization ??= services.identity.getOrganization(actor)),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;

/** Request-scoped loaders of the catalog resolvers (kept beside them so the shared loaders file stays small). */
export const catalogLoaders: (ctx: GraphQLContext) => CatalogLoaders = perRequest(createCatalogLoaders);
