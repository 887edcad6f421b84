import {
  encodeBase64,
  maskAnnotationPixels,
  maskToPng,
  type Annotation,
  type BinaryMask,
  type Conversation,
  type MaskAnnotation,
  type MaskSource,
  type NormalizedOntology,
} from '@labelyard/schema';

/**
 * The row being labeled: image (or video frame) size, the text for text rows, the messages of a conversation, the
 * timing of video rows.
 */
export type EditorMedia = {
  readonly width?: number;
  readonly height?: number;
  readonly text?: string;
  readonly conversation?: Conversation;
  readonly video?: VideoTiming;
};

/** A video row's length and frame rate (see `video/clock.ts` for how frames are numbered). */
export type VideoTiming = { readonly duration: number; readonly frameRate: number };

/** Reads and writes mask pixels. The default decodes inline PNGs and encodes grayscale PNGs (as imports take). */
export type MaskCodec = {
  decode(mask: MaskAnnotation): BinaryMask | undefined;
  encode(pixels: BinaryMask): MaskSource;
};

/** Where copied records go; shared between editors (rows) so a copy on one row pastes on the next. */
export type Clipboard = {
  read(): readonly Annotation[] | undefined;
  write(records: readonly Annotation[]): void;
};

export type EditorOptions = {
  readonly ontology: NormalizedOntology;
  readonly media: EditorMedia;
  /** Fresh ids for new records (the view passes `crypto.randomUUID`); no ambient globals in the engine. */
  readonly newUuid: () => string;
  readonly masks?: MaskCodec;
  readonly clipboard?: Clipboard;
  /** Screen size of the viewport; the view updates it on resize. */
  readonly viewport?: { readonly width: number; readonly height: number };
};

export const defaultMaskCodec: MaskCodec = {
  decode(mask) {
    const r = maskAnnotationPixels(mask);
    return r.ok ? r.value : undefined;
  },
  encode: (pixels) => ({ type: 'png', base64: encodeBase64(maskToPng(pixels)) }),
};

export function memoryClipboard(): Clipboard {
  let held: readonly Annotation[] | undefined;
  return { read: () => held, write: (r) => void (held = r) };
}
