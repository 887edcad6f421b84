import { isObjectAnnotation, type Annotation, type Box, type Point } from '@labelyard/schema';
import type { Editor, EditorChange } from '../../editor.ts';
import { boxFromPoints, expandBox, unionBoxes } from '../../geometry/spatial-index.ts';
import type { InstanceState } from '../../instance-state.ts';
import { kindOf } from '../../kinds/registry.ts';

/**
 * Where the scene's pixels may have changed: `all`, or world boxes. Callers pad the boxes by `DIRTY_PAD_PIXELS`
 * screen pixels at the zoom they render at (strokes, point markers and arrowheads reach past an object's bounds).
 */
export type SceneDamage = { readonly all: boolean; readonly boxes: readonly Box[] };

/** Screen pixels drawn outside an object's bounds: stroke and mitre (≤ 1.5), point radius 4, arrowheads 10. */
export const DIRTY_PAD_PIXELS = 12;

const NONE: SceneDamage = { all: false, boxes: [] };
const ALL: SceneDamage = { all: true, boxes: [] };

type Segment = { a: Point; b: Point };

/**
 * Turns editor changes into damaged regions of the cached scene, without a DOM: the renderer keeps rendered tiles
 * and redraws only the ones this names. Records changed (drawn, moved, deleted, undone): their bounds before and
 * after. Visibility (per object or per class): the objects shown or hidden. Brightness, contrast, the video frame:
 * everything. Relationships are drawn between their ends' centres, so any end moving or hiding moves the line:
 * lines are remembered and compared after every change. A brush stroke in progress (drawn live from its working
 * pixels) damages the stamped segment, and the whole stroke when it ends or is cancelled.
 */
export class SceneInvalidation {
  private instance: InstanceState;
  private readonly relationships = new Set<string>();
  private readonly lines = new Map<string, Segment>();
  private brushAt: Point | undefined;
  private stroke: Box | undefined;

  constructor(private readonly editor: Editor) {
    this.instance = editor.instance;
    for (const r of editor.store.all()) if (r.kind === 'relationship') this.relationships.add(r.uuid);
    this.syncLines([]);
  }

  /** The relationship records' ids (kept up to date by `take`). */
  relationshipIds(): ReadonlySet<string> {
    return this.relationships;
  }

  /** The damage of one change notification (call once per notification, in order). */
  take(change: EditorChange): SceneDamage {
    const editor = this.editor;
    const boxes: Box[] = [];
    for (const [uuid, { before, after }] of change.records) {
      if (before) this.pushBounds(boxes, before, false);
      if (after) this.pushBounds(boxes, after, true);
      if (after?.kind === 'relationship') this.relationships.add(uuid);
      else if (before?.kind === 'relationship' && !after) this.relationships.delete(uuid);
    }
    if (change.instance && editor.instance !== this.instance) {
      const a = this.instance;
      const b = editor.instance;
      this.instance = b;
      if (a.brightness !== b.brightness || a.contrast !== b.contrast || a.frame !== b.frame) {
        this.syncLines([]);
        return ALL;
      }
      if (a.hiddenIds !== b.hiddenIds) {
        for (const id of symmetricDifference(a.hiddenIds, b.hiddenIds)) {
          const bounds = editor.boundsOf(id);
          if (bounds) boxes.push(bounds);
        }
      }
      if (a.hiddenFeatures !== b.hiddenFeatures) {
        const changed = new Set(symmetricDifference(a.hiddenFeatures, b.hiddenFeatures));
        for (const r of editor.store.all()) {
          if (!changed.has(r.featureSchemaId)) continue;
          const bounds = editor.boundsOf(r.uuid);
          if (bounds) boxes.push(bounds);
        }
      }
      this.brushDamage(boxes);
    }
    if (change.records.size > 0 || change.instance) this.syncLines(boxes);
    return boxes.length === 0 ? NONE : { all: false, boxes };
  }

  private pushBounds(boxes: Box[], record: Annotation, current: boolean): void {
    if (!isObjectAnnotation(record)) return;
    const bounds = current
      ? (this.editor.boundsOf(record.uuid) ?? kindOf(record).bounds(record, this.editor.geometry))
      : kindOf(record).bounds(record, this.editor.geometry);
    if (bounds) boxes.push(bounds);
  }

  private brushDamage(boxes: Box[]): void {
    const { preview } = this.editor.instance;
    const painting = /^(brush|eraser)\.painting/.test(this.editor.path);
    if (painting && preview?.type === 'brush') {
      const from = this.brushAt ?? preview.at;
      const segment = expandBox(boxFromPoints(from, preview.at), preview.radius + 2);
      boxes.push(segment);
      this.stroke = this.stroke ? unionBoxes([this.stroke, segment]) : segment;
      this.brushAt = preview.at;
      return;
    }
    if (this.stroke) boxes.push(this.stroke);
    this.stroke = undefined;
    this.brushAt = undefined;
  }

  /** Relationship lines as drawn now; lines that moved, appeared or went away damage where they were and are. */
  private syncLines(boxes: Box[]): void {
    const editor = this.editor;
    const centre = (uuid: string) => {
      const b = editor.boundsOf(uuid);
      return b && { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    };
    const seen = new Set<string>();
    for (const uuid of this.relationships) {
      const r = editor.get(uuid);
      if (r?.kind !== 'relationship' || !editor.isVisible(r)) continue;
      const a = centre(r.source);
      const b = centre(r.target);
      if (!a || !b) continue;
      seen.add(uuid);
      const old = this.lines.get(uuid);
      if (old && old.a.x === a.x && old.a.y === a.y && old.b.x === b.x && old.b.y === b.y) continue;
      if (old) boxes.push(boxFromPoints(old.a, old.b));
      boxes.push(boxFromPoints(a, b));
      this.lines.set(uuid, { a, b });
    }
    for (const [uuid, old] of this.lines) {
      if (seen.has(uuid)) continue;
      boxes.push(boxFromPoints(old.a, old.b));
      this.lines.delete(uuid);
    }
  }
}

function* symmetricDifference<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Generator<T> {
  for (const x of a) if (!b.has(x)) yield x;
  for (const x of b) if (!a.has(x)) yield x;
}
