import type { Readable } from 'node:stream';
import { imageSizeOf, type ImageSize } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { guardedRequest, type GuardOptions } from '../../http/url-guard.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { LsProject } from './project.service.ts';
import { UPLOAD_NAME, uploadKey } from './uploads.ts';

/** Most bytes read from the start of an image to find its size (a JPEG's EXIF block can hold a thumbnail). */
export const MAX_PROBE_BYTES = 1024 * 1024;
const PROBE_TIMEOUT_MS = 10_000;

export type ProbeResult = { size: ImageSize } | { reason: string };

/**
 * The size of a task's image, read from the start of its file: Label Studio regions are in percent and ours in
 * pixels, so a result without `original_width`/`original_height` on an image of unknown size needs it. The file is
 * an upload of the project (`/data/upload/<project>/<name>`, read from the blob store) or an http(s) URL fetched
 * through the URL guard (private networks refused unless ALLOW_PRIVATE_URLS), with a `Range` header, at most
 * MAX_PROBE_BYTES and 10 s; reading stops at the header.
 */
export class ImageProbe {
  constructor(
    private readonly blobs: BlobStore,
    private readonly guard: GuardOptions,
  ) {}

  /** The size of the image at `url` (a task's image URL, see imageUrlOf). */
  async sizeOf(actor: Actor, project: LsProject, url: string | undefined): Promise<ProbeResult> {
    if (url === undefined) return { reason: 'the task has no image URL' };
    try {
      const upload = /^\/data\/upload\/(\d+)\/([^/?#]+)$/.exec(url);
      if (upload) {
        if (Number(upload[1]) !== project.lsId || !UPLOAD_NAME.test(upload[2]!))
          return { reason: `${url} is not an upload of this project` };
        const key = uploadKey(actor.organizationId, project.lsId, upload[2]!);
        if (!(await this.blobs.stat(key))) return { reason: `${url} was not found` };
        return await readSize(await this.blobs.read(key, { start: 0, end: MAX_PROBE_BYTES - 1 }), url);
      }
      if (!/^https?:\/\//i.test(url)) return { reason: `${url} is not an http(s) URL` };
      const response = await guardedRequest(
        url,
        {
          headers: { range: `bytes=0-${MAX_PROBE_BYTES - 1}` },
          timeoutMs: PROBE_TIMEOUT_MS,
          maxBytes: MAX_PROBE_BYTES,
        },
        this.guard,
      );
      if (response.status !== 200 && response.status !== 206) {
        response.body.destroy();
        return { reason: `GET ${url} answered HTTP ${response.status}` };
      }
      return await readSize(response.body, url);
    } catch (error) {
      return { reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** A task's image URL: its data value under the key of the config's first `<Image>`, if that is a string. */
export function imageUrlOf(project: LsProject, data: Readonly<Record<string, unknown>>): string | undefined {
  const object = project.config.objects.find((o) => o.tag === 'Image' && o.dataKey !== undefined);
  const url = object?.dataKey === undefined ? undefined : data[object.dataKey];
  return typeof url === 'string' ? url : undefined;
}

/** Reads until the header gives the size, then stops (the rest of the file is never read). */
async function readSize(body: Readable, url: string): Promise<ProbeResult> {
  let bytes = Buffer.alloc(0);
  try {
    for await (const chunk of body) {
      bytes = Buffer.concat([bytes, chunk as Buffer]);
      const size = imageSizeOf(bytes);
      if (size === undefined) return { reason: `${url} is not an image whose size can be read` };
      if (size !== 'more') return { size };
      if (bytes.length >= MAX_PROBE_BYTES) break;
    }
  } finally {
    body.destroy();
  }
  return { reason: `no image size in the first ${Math.min(bytes.length, MAX_PROBE_BYTES)} bytes of ${url}` };
}
