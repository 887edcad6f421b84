import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { newId } from '../ids.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { knownExtension } from '../storage/content-types.ts';
import { UploadedFile } from './uploaded-file.ts';

/**
 * Reads a GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec): `operations`, then
 * `map`, then the files, each streamed into the blob store under the caller's organization and put into the
 * variables at the mapped paths. Part filenames and content types are kept for information only: the Labelbox SDK
 * sends JSON chunks with them swapped.
 */
export async function readMultipartOperation(
  request: FastifyRequest,
  actor: Actor,
  blobs: BlobStore,
): Promise<{ query?: unknown; variables?: unknown; operationName?: unknown }> {
  let operations:
    { query?: unknown; variables?: Record<string, unknown>; operationName?: unknown } | undefined;
  let map: Record<string, string[]> | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      if (part.fieldname === 'operations') operations = JSON.parse(value);
      else if (part.fieldname === 'map') map = JSON.parse(value);
      continue;
    }
    if (!operations || !map) throw new Error('"operations" and "map" must come before the files');
    const paths = map[part.fieldname];
    if (!paths) {
      part.file.resume();
      continue;
    }
    const key = `${actor.organizationId}/uploads/${newId()}${knownExtension(part.filename)}`;
    const { size } = await blobs.put(key, part.file);
    if (part.file.truncated) throw new Error(`file "${part.fieldname}" is larger than the upload limit`);
    const file = new UploadedFile(key, part.filename, part.mimetype, size);
    for (const path of paths) setPath(operations, path, file);
  }
  if (!operations) throw new Error('missing "operations" field');
  return operations;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object')
      throw new Error(`map path "${path}" does not exist in operations`);
    node = next as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
