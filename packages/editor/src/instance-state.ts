import type { FieldError, Point } from '@labelyard/schema';

/** A shape being drawn that is not a record yet (polygon clicks, a line, the selection marquee, a link). */
export type Preview =
  | {
      readonly type: 'polygon' | 'polyline' | 'freehand';
      readonly points: readonly Point[];
      readonly cursor?: Point;
    }
  | { readonly type: 'marquee'; readonly from: Point; readonly to: Point }
  | { readonly type: 'relationship'; readonly from: Point; readonly to: Point }
  | { readonly type: 'brush'; readonly at: Point; readonly radius: number; readonly erase: boolean };

/**
 * Session state that is not part of the label and never enters undo history: selection, visibility, locks,
 * the ontology feature being drawn, view adjustments, and the current frame (the time axis of video rows).
 */
export type InstanceState = {
  readonly selectedIds: ReadonlySet<string>;
  readonly hoveredId: string | undefined;
  readonly hiddenIds: ReadonlySet<string>;
  readonly lockedIds: ReadonlySet<string>;
  /** Whole classes (tool feature schema ids) hidden or locked from the object list. */
  readonly hiddenFeatures: ReadonlySet<string>;
  readonly lockedFeatures: ReadonlySet<string>;
  /** The ontology tool new objects are drawn with. */
  readonly activeFeatureId: string | undefined;
  readonly brushSize: number;
  readonly brightness: number;
  readonly contrast: number;
  /** Video frame shown; records with a `frame` show only on it. Undefined for images and text. */
  readonly frame: number | undefined;
  /** Per-annotation errors the server returned on save or submit, by annotation uuid. */
  readonly errors: ReadonlyMap<string, readonly FieldError[]>;
  readonly preview: Preview | undefined;
};

export const initialInstanceState: InstanceState = {
  selectedIds: new Set(),
  hoveredId: undefined,
  hiddenIds: new Set(),
  lockedIds: new Set(),
  hiddenFeatures: new Set(),
  lockedFeatures: new Set(),
  activeFeatureId: undefined,
  brushSize: 12,
  brightness: 1,
  contrast: 1,
  frame: undefined,
  errors: new Map(),
  preview: undefined,
};

export const toggled = (set: ReadonlySet<string>, id: string, on?: boolean): Set<string> => {
  const next = new Set(set);
  if (on ?? !set.has(id)) next.add(id);
  else next.delete(id);
  return next;
};
