import type { Actor } from '../../apps/server/src/auth/actor.ts';
import type { AppContext } from '../../apps/server/src/http/app-context.ts';
import { newId } from '../../apps/server/src/ids.ts';

/** Rows per timed round of the import benchmarks. */
export const ROUND = 20_000;

/** The i-th row's image URL (the same in ours and in every baseline). */
export const rowUrl = (i: number) => `https://storage.example.com/datasets/bench/images/${i}.jpg`;

/** The SDK's upsert descriptors for rows `start..end-1` of a dataset. */
export function upsertItems(datasetId: string, start: number, end: number) {
  const items = [];
  for (let i = start; i < end; i++) {
    items.push({
      id: { type: 'AUTO', value: '' },
      payload: { row_data: rowUrl(i), global_key: `gk-${i}`, external_id: `ext-${i}`, dataset_id: datasetId },
    });
  }
  return items;
}

/** Stores the items as one uploaded chunk plus a manifest (as the SDK uploads them) and returns the manifest URL. */
export async function storeManifest(
  ctx: AppContext,
  actor: Actor,
  items: readonly unknown[],
): Promise<string> {
  const imports = ctx.services.dataRowImports;
  const chunkKey = `${actor.organizationId}/uploads/${newId()}`;
  await ctx.blobs.put(chunkKey, JSON.stringify(items));
  const manifestKey = `${actor.organizationId}/uploads/${newId()}`;
  const chunkUrl = 'http://bench' + imports.uploadedFilePath(actor, chunkKey, false);
  await ctx.blobs.put(
    manifestKey,
    JSON.stringify({ source: 'SDK', item_count: items.length, chunk_uris: [chunkUrl] }),
  );
  return 'http://bench' + imports.uploadedFilePath(actor, manifestKey, false);
}
