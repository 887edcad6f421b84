import { pngToMask, type BinaryMask, type MaskAnnotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import type { LoadProblem } from './ndjson.ts';

/** Reads a mask PNG's bytes (the host passes its `fetch`: no ambient globals in the engine). */
export type FetchMaskPng = (url: string) => Promise<Uint8Array>;

/**
 * Downloads the pixels of the masks given by URL (stored masks are handed out as signed `instanceURI`s: labels in
 * review or rework, MAL pre-labels) and registers them, so the canvas draws them and the brush and eraser edit
 * them; the record keeps its URL, so a mask left alone goes back unchanged. One download per URL (a composite PNG
 * holds several instances by colour). Masks that cannot be read are reported like refused lines, by uuid.
 */
export async function loadMaskUrls(editor: Editor, fetchPng: FetchMaskPng): Promise<LoadProblem[]> {
  const masks = editor
    .objects()
    .filter(
      (o): o is MaskAnnotation & { source: { type: 'uri' } } =>
        o.kind === 'mask' && o.source.type === 'uri' && editor.maskPixels(o) === undefined,
    );
  const downloads = new Map<string, Promise<Uint8Array>>();
  const { width, height } = editor.media;
  const results = await Promise.all(
    masks.map(async (mask): Promise<LoadProblem | undefined> => {
      const fail = (message: string): LoadProblem => ({
        index: editor.orderOf(mask.uuid),
        uuid: mask.uuid,
        errors: [{ path: 'mask.instanceURI', message }],
      });
      let bytes: Uint8Array;
      try {
        let download = downloads.get(mask.source.uri);
        if (!download) downloads.set(mask.source.uri, (download = fetchPng(mask.source.uri)));
        bytes = await download;
      } catch (error) {
        return fail(`the mask could not be downloaded (${(error as Error).message})`);
      }
      const pixels = pngToMask(bytes, mask.colorRGB);
      if (!pixels.ok) return fail(`is not a readable PNG: ${pixels.error}`);
      if (!sameSize(pixels.value, width, height))
        return fail(
          `mask is ${pixels.value.width}×${pixels.value.height} but the image is ${width}×${height}`,
        );
      editor.setMaskPixels(mask, pixels.value);
      return undefined;
    }),
  );
  return results.filter((p) => p !== undefined);
}

const sameSize = (m: BinaryMask, width: number | undefined, height: number | undefined) =>
  (width === undefined || m.width === width) && (height === undefined || m.height === height);
