import {
  buildOntologyIndex,
  featureResolver,
  isObjectAnnotation,
  type Annotation,
  type BinaryMask,
  type Box,
  type FeatureResolver,
  type MaskAnnotation,
  type MaskSource,
  type ObjectAnnotation,
  type OntologyIndex,
  type Point,
} from '@labelyard/schema';
import {
  defaultMaskCodec,
  memoryClipboard,
  type Clipboard,
  type EditorMedia,
  type EditorOptions,
  type MaskCodec,
} from './editor-options.ts';
import { fitBounds, screenToWorld, type Camera } from './geometry/camera.ts';
import { expandBox, SpatialIndex, unionBoxes } from './geometry/spatial-index.ts';
import { initialInstanceState, type InstanceState } from './instance-state.ts';
import type { GeometryContext } from './kinds/kind-util.ts';
import { kindOf } from './kinds/registry.ts';
import { History, type HistoryPolicy } from './store/history.ts';
import { RecordStore, type RecordChange, type RecordDiff } from './store/record-store.ts';
import { RootState } from './tools/root-state.ts';
import type { EditorKeyEvent, EditorPointerEvent } from './tools/state-node.ts';

/** What changed in one notification; views redraw only what it names. */
export type EditorChange = {
  readonly records: RecordDiff;
  readonly instance: boolean;
  readonly camera: boolean;
};

export type EditorListener = (change: EditorChange) => void;

const EMPTY_DIFF: RecordDiff = new Map();

/**
 * The headless labeling engine: the label's records, their undo history, a spatial index, the session state,
 * the camera and the tool state machine. No DOM and no React: views feed it pointer and key events and render
 * what it holds; tests drive it the same way (see `TestEditor`).
 *
 * @example
 * const editor = new Editor({ ontology, media: { width: 640, height: 480 }, newUuid: () => crypto.randomUUID() });
 * editor.setActiveFeature(boxFeatureId); // the box tool
 * editor.pointerDown({ x: 10, y: 10 }); editor.pointerMove({ x: 90, y: 60 }); editor.pointerUp({ x: 90, y: 60 });
 * editor.toNdjson(); // [{ uuid, name, schemaId, bbox: { top: 10, left: 10, height: 50, width: 80 }, classifications: [] }]
 */
export class Editor {
  readonly store = new RecordStore();
  readonly history = new History();
  readonly index = new SpatialIndex();
  readonly ontology: OntologyIndex;
  readonly features: FeatureResolver;
  readonly media: EditorMedia;
  readonly newUuid: () => string;
  readonly clipboard: Clipboard;
  private readonly masks: MaskCodec;
  private readonly maskCache = new WeakMap<MaskSource, BinaryMask>();
  /** Draw order: a record's place among objects, kept across updates. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;
  private listeners = new Set<EditorListener>();
  private batchDepth = 0;
  private pending: { records: Map<string, RecordChange>; instance: boolean; camera: boolean } | undefined;

  instance: InstanceState = initialInstanceState;
  camera: Camera = { x: 0, y: 0, z: 1 };
  viewport: { width: number; height: number };
  readonly root: RootState;
  readonly geometry: GeometryContext = {
    maskPixels: (m) => this.maskPixels(m),
    frame: () => this.instance.frame,
    selected: (uuid) => this.instance.selectedIds.has(uuid),
  };

  constructor(options: EditorOptions) {
    this.ontology = buildOntologyIndex(options.ontology);
    this.features = featureResolver(this.ontology);
    this.media = options.media;
    this.newUuid = options.newUuid;
    this.masks = options.masks ?? defaultMaskCodec;
    this.clipboard = options.clipboard ?? memoryClipboard();
    this.viewport = { ...(options.viewport ?? { width: 1024, height: 768 }) };
    this.root = new RootState(this);
    this.root.enterChild('select');
  }

  // ------------------------------------------------------------------ subscriptions

  subscribe(listener: EditorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `fn` with one notification at the end for everything it changed. */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      if (--this.batchDepth === 0) this.flush();
    }
  }

  private notify(records: RecordDiff, instance: boolean, camera: boolean): void {
    this.pending ??= { records: new Map(), instance: false, camera: false };
    for (const [k, v] of records) {
      const prev = this.pending.records.get(k);
      this.pending.records.set(k, prev ? { ...(prev.before && { before: prev.before }), ...v } : v);
    }
    this.pending.instance ||= instance;
    this.pending.camera ||= camera;
    if (this.batchDepth === 0) this.flush();
  }

  private flush(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    const change: EditorChange = { records: p.records, instance: p.instance, camera: p.camera };
    for (const l of this.listeners) l(change);
  }

  // ------------------------------------------------------------------ records

  get(uuid: string): Annotation | undefined {
    return this.store.get(uuid);
  }

  getObject(uuid: string): ObjectAnnotation | undefined {
    const r = this.store.get(uuid);
    return r && isObjectAnnotation(r) ? r : undefined;
  }

  /** All records in draw order. */
  records(): Annotation[] {
    return [...this.store.all()].sort((a, b) => this.order.get(a.uuid)! - this.order.get(b.uuid)!);
  }

  objects(): ObjectAnnotation[] {
    return this.records().filter(isObjectAnnotation);
  }

  orderOf(uuid: string): number {
    return this.order.get(uuid) ?? -1;
  }

  /** Adds or replaces records under a history policy (see `HistoryPolicy`). */
  put(records: readonly Annotation[], policy: HistoryPolicy): void {
    this.commit(this.store.put(records), policy);
  }

  /** Removes records and the relationships that point at them, as one change. */
  remove(uuids: Iterable<string>, policy: HistoryPolicy): void {
    const gone = new Set(uuids);
    for (const r of this.store.all())
      if (r.kind === 'relationship' && (gone.has(r.source) || gone.has(r.target))) gone.add(r.uuid);
    this.commit(this.store.remove(gone), policy);
    this.deselect(gone);
  }

  /** Abandons the current gesture's `eventually` changes. */
  cancelPending(): void {
    const pending = this.history.takePending();
    this.apply(this.store.apply(pending, 'backward'));
  }

  /** Closes the current gesture: its `eventually` changes become one undo step. */
  commitPending(): void {
    this.history.commitPending();
  }

  undo(): void {
    this.root.dispatch('onCancel', undefined);
    const diff = this.history.popUndo();
    if (diff) this.apply(this.store.apply(diff, 'backward'));
  }

  redo(): void {
    const diff = this.history.popRedo();
    if (diff) this.apply(this.store.apply(diff, 'forward'));
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  private commit(diff: RecordDiff, policy: HistoryPolicy): void {
    this.history.record(diff, policy);
    this.apply(diff);
  }

  /** Brings the index, draw order and selection in line with a diff, then tells listeners. */
  private apply(diff: RecordDiff): void {
    if (diff.size === 0) return;
    let selectionChanged = false;
    for (const [uuid, change] of diff) {
      const after = change.after;
      if (!after) {
        this.order.delete(uuid);
        this.index.remove(uuid);
        if (this.instance.selectedIds.has(uuid)) selectionChanged = true;
        continue;
      }
      if (!this.order.has(uuid)) this.order.set(uuid, this.nextOrder++);
      this.index.upsert(
        uuid,
        isObjectAnnotation(after) ? kindOf(after).bounds(after, this.geometry) : undefined,
      );
    }
    if (selectionChanged) {
      const selectedIds = new Set([...this.instance.selectedIds].filter((id) => this.store.has(id)));
      this.instance = { ...this.instance, selectedIds };
    }
    this.notify(diff, selectionChanged, false);
  }

  // ------------------------------------------------------------------ session state

  setInstance(patch: Partial<InstanceState>): void {
    this.instance = { ...this.instance, ...patch };
    this.notify(EMPTY_DIFF, true, false);
  }

  get selectedIds(): ReadonlySet<string> {
    return this.instance.selectedIds;
  }

  selectedObjects(): ObjectAnnotation[] {
    return [...this.instance.selectedIds].map((id) => this.getObject(id)).filter((o) => o !== undefined);
  }

  select(ids: Iterable<string>): void {
    this.setInstance({ selectedIds: new Set([...ids].filter((id) => this.store.has(id))) });
  }

  private deselect(ids: ReadonlySet<string>): void {
    if ([...ids].some((id) => this.instance.selectedIds.has(id)))
      this.select([...this.instance.selectedIds].filter((id) => !ids.has(id)));
  }

  /** Visible: not hidden by itself or its class, and on the current frame (the time axis). */
  isVisible(a: Annotation): boolean {
    const { hiddenIds, hiddenFeatures, frame } = this.instance;
    if (hiddenIds.has(a.uuid) || hiddenFeatures.has(a.featureSchemaId)) return false;
    return a.frame === undefined || a.frame === frame;
  }

  isLocked(a: Annotation): boolean {
    return this.instance.lockedIds.has(a.uuid) || this.instance.lockedFeatures.has(a.featureSchemaId);
  }

  // ------------------------------------------------------------------ geometry

  maskPixels(mask: MaskAnnotation): BinaryMask | undefined {
    let pixels = this.maskCache.get(mask.source);
    if (!pixels) {
      pixels = this.masks.decode(mask);
      if (pixels) this.maskCache.set(mask.source, pixels);
    }
    return pixels;
  }

  /** Registers pixels for a mask source the codec cannot read itself (a URL the view downloaded). */
  setMaskPixels(mask: MaskAnnotation, pixels: BinaryMask): void {
    this.maskCache.set(mask.source, pixels);
    this.index.upsert(mask.uuid, kindOf(mask).bounds(mask, this.geometry));
    this.notify(new Map([[mask.uuid, { before: mask, after: mask }]]), false, false);
  }

  encodeMask(pixels: BinaryMask): MaskSource {
    const source = this.masks.encode(pixels);
    this.maskCache.set(source, pixels);
    return source;
  }

  /** World units that a few screen pixels cover at the current zoom (hit tolerance). */
  tolerance(screenPixels = 4): number {
    return screenPixels / this.camera.z;
  }

  /**
   * The object under a world point: visible ones only (locked ones too unless `selectable`), the smallest by area
   * when several overlap (a box inside a box stays reachable), then the topmost.
   */
  hitTest(p: Point, options: { selectable?: boolean } = {}): ObjectAnnotation | undefined {
    const tol = this.tolerance();
    const near = this.index.query({ left: p.x - tol, top: p.y - tol, width: tol * 2, height: tol * 2 });
    let best: ObjectAnnotation | undefined;
    let bestArea = Infinity;
    for (const id of near) {
      const o = this.getObject(id);
      if (!o || !this.isVisible(o) || (options.selectable && this.isLocked(o))) continue;
      if (!kindOf(o).hitTest(o, p, tol, this.geometry)) continue;
      const b = this.index.boundsOf(id)!;
      const area = b.width * b.height;
      if (area < bestArea || (area === bestArea && best && this.orderOf(id) > this.orderOf(best.uuid))) {
        best = o;
        bestArea = area;
      }
    }
    return best;
  }

  /**
   * Visible objects whose bounds meet a world box (viewport culling, marquee selection), in draw order; with
   * `ordered: false` in the index's order, for callers that do not need it (the renderer batches by colour and
   * orders only the masks, so a frame sorts nothing of thousands of shapes).
   */
  objectsIn(box: Box, options: { ordered?: boolean } = {}): ObjectAnnotation[] {
    const out: ObjectAnnotation[] = [];
    for (const id of this.index.query(box)) {
      const o = this.getObject(id);
      if (o && this.isVisible(o)) out.push(o);
    }
    return options.ordered === false ? out : out.sort((a, b) => this.orderOf(a.uuid) - this.orderOf(b.uuid));
  }

  boundsOf(uuid: string): Box | undefined {
    return this.index.boundsOf(uuid);
  }

  // ------------------------------------------------------------------ camera

  setCamera(camera: Camera): void {
    this.camera = camera;
    this.notify(EMPTY_DIFF, false, true);
  }

  setViewport(size: { width: number; height: number }): void {
    this.viewport = { width: size.width, height: size.height };
    this.notify(EMPTY_DIFF, false, true);
  }

  /** Shows the whole image (or all objects when the size is unknown). */
  zoomToFit(): void {
    const { width, height } = this.media;
    const box =
      width !== undefined && height !== undefined
        ? { left: 0, top: 0, width, height }
        : unionBoxes([...this.store.all()].map((r) => this.index.boundsOf(r.uuid)).filter((b) => !!b));
    if (box) this.setCamera(fitBounds(box, this.viewport));
  }

  zoomToSelection(): void {
    const box = unionBoxes(
      this.selectedObjects()
        .map((o) => this.index.boundsOf(o.uuid)!)
        .filter(Boolean),
    );
    if (box) this.setCamera(fitBounds(expandBox(box, 8), this.viewport, 48));
  }

  // ------------------------------------------------------------------ input

  /** The active tool and state, e.g. `select.translating` or `polygon.drawing`. */
  get path(): string {
    return this.root.current!.path;
  }

  setTool(id: string): void {
    this.root.dispatch('onCancel', undefined);
    this.root.enterChild(id);
    this.notify(EMPTY_DIFF, true, false);
  }

  pointerEvent(
    screen: Point,
    e: Partial<Omit<EditorPointerEvent, 'screen' | 'world'>> = {},
  ): EditorPointerEvent {
    return {
      screen,
      world: screenToWorld(this.camera, screen),
      button: e.button ?? 0,
      shiftKey: e.shiftKey ?? false,
      altKey: e.altKey ?? false,
      accelKey: e.accelKey ?? false,
      pointerType: e.pointerType ?? 'mouse',
    };
  }

  pointerDown(screen: Point, e?: Partial<EditorPointerEvent>): void {
    this.batch(() => this.root.dispatch('onPointerDown', this.pointerEvent(screen, e)));
  }

  pointerMove(screen: Point, e?: Partial<EditorPointerEvent>): void {
    this.batch(() => this.root.dispatch('onPointerMove', this.pointerEvent(screen, e)));
  }

  pointerUp(screen: Point, e?: Partial<EditorPointerEvent>): void {
    this.batch(() => this.root.dispatch('onPointerUp', this.pointerEvent(screen, e)));
  }

  doubleClick(screen: Point, e?: Partial<EditorPointerEvent>): void {
    this.batch(() => this.root.dispatch('onDoubleClick', this.pointerEvent(screen, e)));
  }

  /** Returns whether the key was used (the view then prevents the browser default). */
  keyDown(e: EditorKeyEvent): boolean {
    return this.batch(() => this.root.dispatch('onKeyDown', e));
  }

  cancel(): void {
    this.batch(() => this.root.dispatch('onCancel', undefined));
  }
}
