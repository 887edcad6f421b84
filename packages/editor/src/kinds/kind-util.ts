import type { BinaryMask, Box, MaskAnnotation, ObjectAnnotation, Point } from '@labelyard/schema';

/** A draggable control point of an object: a box corner or a polygon/line vertex. */
export type Handle = { readonly id: string; readonly x: number; readonly y: number };

/**
 * What geometry code needs from outside a record: decoded mask pixels (cached by the editor), and for tracked video
 * objects the current frame and whether an object is selected (an object outside its segments is hit only then).
 */
export type GeometryContext = {
  readonly maskPixels: (mask: MaskAnnotation) => BinaryMask | undefined;
  readonly frame?: () => number | undefined;
  readonly selected?: (uuid: string) => boolean;
};

/**
 * The editor's half of an object kind (its format half is the kind's `ObjectKindUtil` in packages/schema, which
 * also owns NDJSON conversion): bounds for the spatial index, hit testing, moving, and editing handles.
 * Everything is a pure function of the record; edits return a new record.
 */
export type EditorKindUtil<A extends ObjectAnnotation> = {
  readonly kind: A['kind'];
  /** World bounds for culling and the spatial index; undefined for kinds without image geometry (text spans). */
  bounds(a: A, ctx: GeometryContext): Box | undefined;
  /** Whether world point `p` hits the object; `tolerance` is in world units (a few screen pixels). */
  hitTest(a: A, p: Point, tolerance: number, ctx: GeometryContext): boolean;
  /** `ctx` gives time-dependent kinds (video objects) the frame the edit happens on. */
  translate(a: A, dx: number, dy: number, ctx?: GeometryContext): A;
  handles(a: A, ctx?: GeometryContext): readonly Handle[];
  moveHandle(a: A, handleId: string, p: Point, ctx?: GeometryContext): A;
  /** Inserts a vertex on the edge nearest `p` (polygons and lines); undefined when `p` is on no edge. */
  insertVertex?(a: A, p: Point, tolerance: number): A | undefined;
  /** Removes a vertex; undefined when the shape would become invalid (fewer than 3 / 2 points). */
  deleteVertex?(a: A, handleId: string): A | undefined;
};
