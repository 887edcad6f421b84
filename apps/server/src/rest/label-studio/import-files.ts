import { createHash, randomUUID, type Hash } from 'node:crypto';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { dataKeysOf } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../http/app-context.ts';
import { guardedRequest } from '../../http/url-guard.ts';
import {
  tagUpload,
  uploadKey,
  type UploadedFile,
  type UploadMedia,
} from '../../services/label-studio/uploads.ts';
import { lsValidation, type LsProject } from '../../services/label-studio/project.service.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { delimitedTasks, lineTasks } from './delimited-rows.ts';
import { jsonItems } from './json-items.ts';

/** Files whose content is a list of tasks. */
const TASK_FILES = { '.json': 'json', '.csv': 'csv', '.tsv': 'tsv', '.txt': 'txt' } as const;
/** Files that become one task each, stored and served at `/data/upload/<project>/<name>` (Label Studio's list). */
const MEDIA_FILES: Record<string, UploadMedia> = {
  '.jpg': 'image',
  '.jpeg': 'image',
  '.png': 'image',
  '.gif': 'image',
  '.bmp': 'image',
  '.svg': 'image',
  '.webp': 'image',
  '.wav': 'audio',
  '.mp3': 'audio',
  '.flac': 'audio',
  '.m4a': 'audio',
  '.ogg': 'audio',
  '.mp4': 'video',
  '.webm': 'video',
  '.pdf': 'text',
  '.html': 'text',
  '.htm': 'text',
  '.xml': 'text',
};

/** An uploaded or downloaded import file, already in the blob store, or a URL that is a task by itself. */
export type ImportFile = UploadedFile | { kind: 'url-task'; name: string; url: string };

/** What an import request brought: its files, the digest of everything read, and the blobs written for it. */
export type ImportInput = { files: ImportFile[]; hash: string; stored: string[] };

/** Where uploaded media of a project live; the served name is Label Studio's `<uuid8>-<name>`. */
const safeName = (name: string) => {
  const base = path
    .basename(name)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(-120);
  return base.replace(/^\.+/, '_') || 'file';
};

/** Counts bytes against the request's total cap and feeds the request digest, as the file streams through. */
function metered(total: { bytes: number; cap: number }, digest: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total.bytes += chunk.length;
      if (total.bytes > total.cap) {
        done(tooLarge(total.cap));
        return;
      }
      digest.update(chunk);
      done(null, chunk);
    },
  });
}

const tooLarge = (cap: number) =>
  lsValidation('file', `Maximum total size of all files is ${cap} bytes, current size is more`);

function kindOf(name: string): 'json' | 'csv' | 'tsv' | 'txt' | 'media' | undefined {
  const ext = path.extname(name).toLowerCase();
  if (Object.hasOwn(TASK_FILES, ext)) return TASK_FILES[ext as keyof typeof TASK_FILES];
  if (Object.hasOwn(MEDIA_FILES, ext)) return 'media';
  return undefined;
}

async function storeFile(
  ctx: AppContext,
  actor: Actor,
  project: LsProject,
  name: string,
  body: Readable,
  total: { bytes: number; cap: number },
  digest: Hash,
  stored: string[],
): Promise<ImportFile> {
  const kind = kindOf(name);
  if (!kind) {
    body.resume();
    throw lsValidation('file', `${path.extname(name) || name} is not supported file format`);
  }
  digest.update(`\0${name}\0`);
  // Every file is kept as Label Studio keeps it (a FileUpload, served and importable again with /reimport).
  const served = `${randomUUID().slice(0, 8)}-${safeName(name)}`;
  const key = uploadKey(actor.organizationId, project.lsId, served);
  stored.push(key);
  const before = total.bytes;
  await ctx.blobs.put(
    key,
    body.pipe(metered(total, digest)).on('error', () => body.resume()),
  );
  const ext = path.extname(name).toLowerCase();
  return {
    kind,
    name,
    served,
    key,
    url: `/data/upload/${project.lsId}/${served}`,
    media: MEDIA_FILES[ext] ?? (kind === 'media' ? 'image' : 'text'),
    size: total.bytes - before,
  };
}

/**
 * `multipart/form-data` imports: every file part is streamed into the blob store (never into memory), counted
 * against one cap for the whole request, and hashed for retries. Task files are read back inside the import's
 * transaction; media files are the tasks' served URLs.
 */
export async function readMultipartImport(
  request: FastifyRequest,
  ctx: AppContext,
  actor: Actor,
  project: LsProject,
): Promise<ImportInput> {
  const digest = createHash('sha256');
  const total = { bytes: 0, cap: ctx.config.uploadMaxBytes };
  const stored: string[] = [];
  const files: ImportFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') continue;
      const file = await storeFile(
        ctx,
        actor,
        project,
        part.filename || part.fieldname,
        part.file,
        total,
        digest,
        stored,
      );
      if (part.file.truncated) throw tooLarge(ctx.config.uploadMaxBytes);
      files.push(file);
    }
  } catch (error) {
    await discard(ctx.blobs, stored);
    throw error;
  }
  if (files.length === 0) {
    throw lsValidation('file', 'No files were uploaded: send task files or media files as multipart parts');
  }
  return { files, hash: digest.digest('hex'), stored };
}

/**
 * `url=<http(s) URL>` imports: a task file (JSON/CSV/TSV/TXT) is downloaded through the URL guard into the blob
 * store and read like an upload; any other URL becomes one task pointing at it, as Label Studio does.
 */
export async function readUrlImport(
  ctx: AppContext,
  actor: Actor,
  project: LsProject,
  url: unknown,
): Promise<ImportInput> {
  if (typeof url !== 'string' || url.trim() === '') throw lsValidation('url', 'This field is required.');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw lsValidation('url', 'Enter a valid URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw lsValidation('url', 'URL must start with http:// or https://');
  const digest = createHash('sha256').update(`url\0${parsed.toString()}\0`);
  const name = decodeURIComponent(path.basename(parsed.pathname)) || 'download';
  const kind = kindOf(name);
  if (kind === undefined || kind === 'media')
    return {
      files: [{ kind: 'url-task', name, url: parsed.toString() }],
      hash: digest.digest('hex'),
      stored: [],
    };
  const cap = ctx.config.uploadMaxBytes;
  let response;
  try {
    response = await guardedRequest(
      parsed.toString(),
      { maxBytes: cap, timeoutMs: 60_000 },
      { allowPrivate: ctx.config.allowPrivateUrls },
    );
  } catch (error) {
    throw lsValidation('url', `Can't fetch ${parsed.toString()}: ${(error as Error).message}`);
  }
  if (response.status < 200 || response.status >= 300) {
    response.body.resume();
    throw lsValidation('url', `${parsed.toString()} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    response.body.destroy();
    throw tooLarge(cap);
  }
  const stored: string[] = [];
  try {
    const file = await storeFile(ctx, actor, project, name, response.body, { bytes: 0, cap }, digest, stored);
    return { files: [file], hash: digest.digest('hex'), stored };
  } catch (error) {
    await discard(ctx.blobs, stored);
    if (error instanceof Error && /larger than/.test(error.message)) throw tooLarge(cap);
    throw error;
  }
}

export async function discard(blobs: BlobStore, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => blobs.delete(key).catch(() => undefined)));
}

/** The data key a file's tasks use when the file does not name one: the config's first `$var`. */
function keyFor(project: LsProject, media: string): string {
  return dataKeysOf(project.config)[0] ?? media;
}

/**
 * The tasks of the request's files, in order, each file read back from the blob store as a stream. A task made
 * from an uploaded file is tagged with it (tagUpload). `filesAsTasksList: false` (a reimport's choice) makes each
 * CSV, TSV and TXT file one task pointing at the file, as Label Studio does.
 */
export async function* tasksOfFiles(
  blobs: BlobStore,
  project: LsProject,
  files: readonly ImportFile[],
  filesAsTasksList = true,
): AsyncGenerator<unknown> {
  for (const file of files) {
    if (file.kind === 'url-task') {
      yield { data: { [keyFor(project, 'image')]: file.url } };
      continue;
    }
    if (file.kind === 'media' || (!filesAsTasksList && file.kind !== 'json')) {
      yield tagUpload({ data: { [keyFor(project, file.media)]: file.url } }, file);
      continue;
    }
    const stream = await blobs.read(file.key);
    const items =
      file.kind === 'json'
        ? jsonItems(stream).items
        : file.kind === 'txt'
          ? lineTasks(stream, keyFor(project, 'text'), file.name)
          : delimitedTasks(stream, file.kind === 'csv' ? ',' : '\t', file.name);
    for await (const item of items) yield tagUpload(item, file);
  }
}
