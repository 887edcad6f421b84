import { newId } from '../src/ids.ts';
import type { createTestContext } from './harness.ts';

type Sut = Awaited<ReturnType<typeof createTestContext>>;

/**
 * Stores each chunk text and a manifest naming them as uploads, as the SDK's `uploadFile` calls would, and answers
 * the manifest's URL (for `startUpsert`). `itemCount` is the manifest's `item_count`; `sign` signs its URL.
 */
export async function storeManifest(
  sut: Sut,
  chunks: readonly string[],
  manifest: { itemCount?: number; sign?: boolean } = {},
): Promise<string> {
  const org = sut.actor.organizationId;
  const imports = sut.services.dataRowImports;
  const uris: string[] = [];
  for (const text of chunks) {
    const key = `${org}/uploads/${newId()}`;
    await sut.ctx.blobs.put(key, text);
    uris.push('http://host' + imports.uploadedFilePath(sut.actor, key, false));
  }
  const manifestKey = `${org}/uploads/${newId()}`;
  await sut.ctx.blobs.put(
    manifestKey,
    JSON.stringify({ source: 'SDK', item_count: manifest.itemCount ?? 0, chunk_uris: uris }),
  );
  return 'http://host' + imports.uploadedFilePath(sut.actor, manifestKey, manifest.sign ?? false);
}
