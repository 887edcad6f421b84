import { IMAGE_SIZE_UNKNOWN, type ImageSize } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { isRecord } from './dm-query.ts';
import { imageUrlOf, type ImageProbe } from './image-probe.ts';
import { lsValidation, type LsProject } from './project.service.ts';
import { lsContextFor, readResult } from './records.ts';

/** Images of unknown size one task import reads (its regions came without `original_width`/`original_height`). */
export const MAX_PROBES_PER_IMPORT = 1_000;
/** Images read at the same time. */
const PROBES_AT_ONCE = 8;

/** Image sizes by image URL (the task data value of the config's `<Image>`). */
export type ImageSizes = ReadonlyMap<string, ImageSize>;

/** A region refused because its image size is known neither from the task nor from the result. */
export const isSizeUnknown = (error: unknown): error is AppError =>
  error instanceof AppError && error.message.includes(IMAGE_SIZE_UNKNOWN);

/** The refusal of a region whose image size is unknown, saying why the image could not tell it. */
export function withReason(error: AppError, reason: string): AppError {
  const message = `${error.message}, and the image could not tell it (${reason})`;
  const field = error.field ?? 'result';
  return new AppError('MALFORMED_REQUEST', message, {
    field,
    details: { validation_errors: { [field.split(/[.[]/)[0]!]: [message] } },
  });
}

/** A task item as Label Studio reads it: `{data, annotations, predictions, meta}` or a flat dict (all data). */
export function taskParts(item: unknown, index: number) {
  if (!isRecord(item)) throw lsValidation('non_field_errors', `Task #${index + 1} must be a JSON object`);
  const wrapped = isRecord(item.data);
  const data = wrapped ? (item.data as Record<string, unknown>) : item;
  return {
    data,
    meta: wrapped && isRecord(item.meta) ? item.meta : {},
    annotations: wrapped && Array.isArray(item.annotations) ? (item.annotations as unknown[]) : [],
    predictions: wrapped && Array.isArray(item.predictions) ? (item.predictions as unknown[]) : [],
  };
}

/** What a first pass over an import's tasks found: sizes its results carry, and images to read. */
export type ImagesToRead = {
  sizes: Map<string, ImageSize>;
  /** Each image to read, with the refusal of the first task that needs it. */
  needed: Map<string, AppError>;
};

/**
 * The images whose size an import's regions need: a task import is written in one transaction as its body streams
 * in, and reading images from the network inside it would hold SQLite's write lock, so an import that meets a region
 * of unknown size is rolled back, its tasks are read again here (nothing written) to find every such image, each is
 * read (readImageSizes) and the import runs once more. A size one task's result carries serves the other tasks
 * showing the same image too. Refused, naming the task and the field, past MAX_PROBES_PER_IMPORT images.
 */
export async function imagesToRead(project: LsProject, items: AsyncIterable<unknown>): Promise<ImagesToRead> {
  const sizes = new Map<string, ImageSize>();
  const needed = new Map<string, AppError>();
  let index = 0;
  for await (const item of items) {
    const task = index++;
    let parts: ReturnType<typeof taskParts>;
    try {
      parts = taskParts(item, task);
    } catch {
      continue; // the import refuses it again, as it did
    }
    const url = imageUrlOf(project, parts.data);
    if (url === undefined || sizes.has(url) || needed.has(url)) continue;
    const results = [
      ...parts.annotations.map((a, j) => [a, `annotations[${j}].result`] as const),
      ...parts.predictions.map((p, j) => [p, `predictions[${j}].result`] as const),
    ];
    // The import's own order: a size read from one result places the regions of the next ones.
    let size: ImageSize | undefined;
    for (const [record, field] of results) {
      if (!isRecord(record)) break;
      try {
        size ??= readResult(record.result, lsContextFor(project, parts.data, size), field).imageSize;
      } catch (error) {
        if (isSizeUnknown(error)) {
          if (needed.size >= MAX_PROBES_PER_IMPORT)
            throw withReason(
              taskError(error, task),
              `more than ${MAX_PROBES_PER_IMPORT} images of unknown size in one import`,
            );
          needed.set(url, taskError(error, task));
        }
        break;
      }
    }
    if (size && !needed.has(url)) sizes.set(url, size);
  }
  return { sizes, needed };
}

/**
 * Reads the images `imagesToRead` found (ImageProbe, PROBES_AT_ONCE at a time) and answers every size by image URL;
 * an image that cannot tell its size refuses the import with the first task that needs it and the reason.
 */
export async function readImageSizes(
  probe: ImageProbe,
  actor: Actor,
  project: LsProject,
  { sizes, needed }: ImagesToRead,
): Promise<ImageSizes> {
  const queue = [...needed];
  let failed: AppError | undefined;
  const worker = async () => {
    for (let next = queue.shift(); next && !failed; next = queue.shift()) {
      const [url, refusal] = next;
      const read = await probe.sizeOf(actor, project, url);
      if ('size' in read) sizes.set(url, read.size);
      else failed ??= withReason(refusal, read.reason);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBES_AT_ONCE, queue.length) }, worker));
  if (failed) throw failed;
  return sizes;
}

/** `error`, its message starting with the task's number in the body. */
function taskError(error: AppError, task: number): AppError {
  return new AppError('MALFORMED_REQUEST', `Task #${task + 1}: ${error.message}`, {
    field: error.field,
    details: error.details,
  });
}
