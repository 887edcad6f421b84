import type { FastifyRequest } from 'fastify';
import { Kind, parse, type DocumentNode } from 'graphql';
import type { Actor } from '../auth/actor.ts';
import { newId } from '../ids.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { knownExtension } from '../storage/content-types.ts';
import { BodyWatchdog } from '../http/body-watchdog.ts';
import { isUnsafeKey } from '@labelyard/schema';
import { UploadedFile } from './uploaded-file.ts';

type Operations = { query?: unknown; variables?: Record<string, unknown>; operationName?: unknown };

/** The multipart request read: the operation with its Upload variables filled in, and the document if parsed. */
export type MultipartOperation = Operations & { document?: DocumentNode };

/**
 * Reads a GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec): `operations`, then
 * `map`, then the files, each streamed into the blob store under the caller's organization and put into the
 * variables at the mapped paths. Part filenames and content types are kept for information only: the Labelbox SDK
 * sends JSON chunks with them swapped.
 *
 * Every map path is client-chosen, so it is checked before any file is stored: it must read
 * `variables.<declared variable>[.<own key or index>…]`, name a placeholder that exists, and contain no
 * `__proto__` / `prototype` / `constructor` segment. Files stored before a request fails are deleted.
 */
export async function readMultipartOperation(
  request: FastifyRequest,
  actor: Actor,
  blobs: BlobStore,
  options: { stallMs: number },
): Promise<MultipartOperation> {
  let operations: Operations | undefined;
  let document: DocumentNode | undefined;
  let map: Map<string, string[][]> | undefined;
  const stored: string[] = [];
  const watchdog = new BodyWatchdog(request, options.stallMs);
  const parts = request.parts()[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await watchdog.race(parts.next());
      if (next.done) break;
      const part = next.value;
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        if (part.fieldname === 'operations') {
          operations = readOperations(value);
          document = parseQuery(operations.query);
        } else if (part.fieldname === 'map') {
          if (!operations) throw new Error('"operations" must come before "map"');
          map = readMap(value, operations, document);
        }
        continue;
      }
      if (!operations || !map) throw new Error('"operations" and "map" must come before the files');
      const paths = map.get(part.fieldname);
      if (!paths) {
        part.file.resume();
        continue;
      }
      const key = `${actor.organizationId}/uploads/${newId()}${knownExtension(part.filename)}`;
      stored.push(key);
      watchdog.track(part.file);
      const { size } = await watchdog.race(blobs.put(key, part.file));
      if (part.file.truncated) throw new Error(`file "${part.fieldname}" is larger than the upload limit`);
      const file = new UploadedFile(key, part.filename, part.mimetype, size);
      for (const path of paths) setPath(operations, path, file);
    }
  } catch (error) {
    await Promise.all(stored.map((key) => blobs.delete(key).catch(() => undefined)));
    throw error;
  } finally {
    watchdog.stop();
  }
  if (!operations) throw new Error('missing "operations" field');
  return document ? { ...operations, document } : operations;
}

function readOperations(text: string): Operations {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('"operations" must be a JSON object (batched operations are not supported)');
  const ops = value as Operations;
  if (ops.variables !== undefined && ops.variables !== null) {
    if (typeof ops.variables !== 'object' || Array.isArray(ops.variables))
      throw new Error('"operations.variables" must be an object');
  }
  return ops;
}

function parseQuery(query: unknown): DocumentNode | undefined {
  if (typeof query !== 'string') return undefined;
  try {
    return parse(query);
  } catch {
    return undefined; // the GraphQL route reports the syntax error with its own code
  }
}

function declaredVariables(document: DocumentNode | undefined): Set<string> {
  const names = new Set<string>();
  for (const definition of document?.definitions ?? []) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) names.add(v.variable.name.value);
  }
  return names;
}

/** `map`: file field name → the variable paths it fills, each checked against `operations` up front. */
function readMap(
  text: string,
  operations: Operations,
  document: DocumentNode | undefined,
): Map<string, string[][]> {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('"map" must be a JSON object of file field → list of variable paths');
  const declared = declaredVariables(document);
  const map = new Map<string, string[][]>();
  for (const [field, paths] of Object.entries(value)) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
      throw new Error(`map "${field}" must be a non-empty list of variable paths`);
    map.set(
      field,
      (paths as string[]).map((path) => checkPath(path, operations, declared)),
    );
  }
  return map;
}

function checkPath(path: string, operations: Operations, declared: Set<string>): string[] {
  const segments = path.split('.');
  if (segments.length < 2 || segments[0] !== 'variables')
    throw new Error(`map path "${path}" must start with "variables.<name>"`);
  const unsafe = segments.find(isUnsafeKey);
  if (unsafe !== undefined) throw new Error(`map path "${path}" may not contain "${unsafe}"`);
  if (!declared.has(segments[1]!))
    throw new Error(`map path "${path}" does not name a variable declared by the operation`);
  walk(operations, segments, path);
  return segments;
}

/** The object holding the path's last segment, reached through own properties only; throws if any is missing. */
function walk(target: Operations, segments: string[], path: string): Record<string, unknown> | unknown[] {
  let node: unknown = target;
  for (const segment of segments.slice(0, -1)) node = child(node, segment, path);
  child(node, segments[segments.length - 1]!, path);
  return node as Record<string, unknown> | unknown[];
}

function child(node: unknown, segment: string, path: string): unknown {
  if (Array.isArray(node)) {
    if (!/^(0|[1-9]\d{0,8})$/.test(segment) || Number(segment) >= node.length)
      throw new Error(`map path "${path}" does not exist in operations`);
    return node[Number(segment)];
  }
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment))
    throw new Error(`map path "${path}" does not exist in operations`);
  return (node as Record<string, unknown>)[segment];
}

function setPath(target: Operations, segments: string[], value: UploadedFile): void {
  const holder = walk(target, segments, segments.join('.'));
  const last = segments[segments.length - 1]!;
  if (Array.isArray(holder)) holder[Number(last)] = value;
  else holder[last] = value;
}
