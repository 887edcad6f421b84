import {
  Editor,
  FIRST_FRAME,
  loadMaskUrls,
  loadNdjson,
  replaceWithNdjson,
  setVideoFrame,
  type EditorMedia,
  type LoadProblem,
} from '@labelyard/editor';
import type { NormalizedOntology } from '@labelyard/schema';
import { useEffect, useState } from 'react';
import { startingAnnotations } from './annotation-errors.ts';
import { loadConversation } from './conversation-row.ts';
import { loadVideoMeta } from './load-video.ts';
import type { Reservation } from './reservation.ts';

export type RowEditor =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | {
      state: 'ready';
      editor: Editor;
      image: HTMLImageElement | undefined;
      /** The row's video URL on video rows. */
      video: string | undefined;
      problems: LoadProblem[];
      source: ReturnType<typeof startingAnnotations>['source'];
    };

const isUrl = (s: string) => /^https?:\/\//i.test(s) || s.startsWith('/');

/** Loads an image; the promise settles when it is decoded (also used to preload the next row). */
export function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`The image of this row could not be loaded (${src.slice(0, 120)})`));
    img.src = src;
  });
}

async function loadText(rowData: string): Promise<string> {
  if (!isUrl(rowData)) return rowData;
  const res = await fetch(rowData, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`The text of this row could not be loaded (HTTP ${res.status})`);
  return res.text();
}

/** A mask PNG by URL (the server hands stored masks out as signed file URLs, readable without a key). */
async function fetchPng(url: string): Promise<Uint8Array> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * One `Editor` per reserved row: the row's media loaded first (the engine needs the image size, the text, or the video's size, length and frame rate), then
 * the starting annotations (draft, label in review or rework, or pre-labels) through the import's own reader, and
 * the pixels of masks given by URL. A reviewer (`review`) starts from the label under review; their own draft (the
 * edits autosaved before "approve with changes") is laid over it as one undoable change, so "Discard changes"
 * still goes back to the label as submitted.
 */
export function useRowEditor(
  reservation: Reservation,
  ontology: NormalizedOntology,
  mediaType: string | null,
  mode: 'label' | 'review' = 'label',
): RowEditor {
  const [state, setState] = useState<RowEditor>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ state: 'loading' });
    const rowData = reservation.dataRow.rowData ?? '';
    const text = mediaType === 'TEXT';
    const video = mediaType === 'VIDEO';
    const conversation = mediaType === 'CONVERSATIONAL';
    (async () => {
      const image = text || video || conversation ? undefined : await loadImage(rowData);
      let media: EditorMedia;
      if (video) {
        const { width, height, duration, frameRate } = await loadVideoMeta(
          rowData,
          reservation.dataRow.mediaAttributes,
        );
        media = { width, height, video: { duration, frameRate } };
      } else
        media = image
          ? { width: image.naturalWidth, height: image.naturalHeight }
          : conversation
            ? { conversation: await loadConversation(rowData) }
            : { text: await loadText(rowData) };
      const editor = new Editor({ ontology, media, newUuid: () => crypto.randomUUID() });
      // Video rows start on the first frame; tracked objects are indexed where they are on it.
      if (video) setVideoFrame(editor, FIRST_FRAME);
      const start =
        mode === 'review'
          ? startingAnnotations({ ...reservation, draft: null })
          : startingAnnotations(reservation);
      const problems = loadNdjson(editor, start.lines);
      if (mode === 'review' && Array.isArray(reservation.draft)) {
        problems.push(...replaceWithNdjson(editor, reservation.draft as unknown[]));
        start.source = 'draft';
      }
      problems.push(...(await loadMaskUrls(editor, fetchPng)));
      if (live)
        setState({
          state: 'ready',
          editor,
          image,
          video: video ? rowData : undefined,
          problems,
          source: start.source,
        });
    })().catch((e: unknown) => {
      if (live) setState({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      live = false;
    };
  }, [reservation, ontology, mediaType, mode]);
  return state;
}
