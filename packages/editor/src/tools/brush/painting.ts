import { createMask, type BinaryMask, type MaskAnnotation, type Point } from '@labelyard/schema';
import { newObject, toolNode } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { isEmptyMask, stampLine } from '../../geometry/paint.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';

type Target = { record: MaskAnnotation | undefined; pixels: BinaryMask; before: Uint8Array };

/**
 * One stroke. The brush paints into the active class's mask (the selected one, else the newest, else a new
 * one); the eraser clears the selected masks, else those of the active class. Pixels change in a working copy
 * the view draws live (`strokePixels`); release encodes each touched mask once.
 */
export class BrushPainting extends StateNode {
  readonly id = 'painting';
  private last!: Point;
  private targets: Target[] = [];

  constructor(
    editor: Editor,
    private readonly erase: boolean,
  ) {
    super(editor);
  }

  override onEnter(info: unknown): void {
    const { origin } = info as { origin: EditorPointerEvent };
    this.targets = this.pickTargets();
    this.last = origin.world;
    this.paint(origin.world);
  }

  override onExit(): void {
    this.targets = [];
    strokes.delete(this.editor);
  }

  private pickTargets(): Target[] {
    const { width, height } = this.editor.media;
    if (width === undefined || height === undefined) return [];
    const active = this.editor.instance.activeFeatureId;
    const masks = this.editor
      .objects()
      .filter(
        (o): o is MaskAnnotation => o.kind === 'mask' && this.editor.isVisible(o) && !this.editor.isLocked(o),
      );
    const selected = masks.filter((m) => this.editor.selectedIds.has(m.uuid));
    const ofActive = masks.filter((m) => m.featureSchemaId === active);
    const chosen = this.erase
      ? selected.length > 0
        ? selected
        : ofActive
      : [selected.find((m) => m.featureSchemaId === active) ?? ofActive[ofActive.length - 1]].filter(
          (m) => !!m,
        );
    if (!this.erase && chosen.length === 0) {
      if (toolNode(this.editor, active)?.tool !== 'raster-segmentation') return [];
      return [{ record: undefined, pixels: createMask(width, height), before: new Uint8Array(0) }];
    }
    return chosen.flatMap((record) => {
      const current = this.editor.maskPixels(record);
      if (!current || current.width !== width || current.height !== height) return [];
      const pixels = { width, height, data: current.data.slice() };
      return [{ record, pixels, before: current.data }];
    });
  }

  private paint(to: Point): void {
    const radius = this.editor.instance.brushSize / 2;
    for (const t of this.targets) stampLine(t.pixels, this.last, to, radius, this.erase ? 0 : 1);
    this.last = to;
    strokes.set(
      this.editor,
      this.targets.map((t) => ({ uuid: t.record?.uuid, pixels: t.pixels })),
    );
    this.editor.setInstance({ preview: { type: 'brush', at: to, radius, erase: this.erase } });
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.paint(e.world);
  }

  onPointerUp(): void {
    const put: MaskAnnotation[] = [];
    const remove: string[] = [];
    for (const t of this.targets) {
      if (isEmptyMask(t.pixels)) {
        if (t.record) remove.push(t.record.uuid);
        continue;
      }
      const source = this.editor.encodeMask(t.pixels);
      const record = t.record
        ? { ...t.record, source }
        : newObject<MaskAnnotation>(this.editor, { kind: 'mask', source });
      if (record) put.push(record);
    }
    this.editor.batch(() => {
      this.editor.put(put, 'eventually');
      this.editor.remove(remove, 'eventually');
      this.editor.commitPending();
      if (!this.erase && put.length > 0) this.editor.select(put.map((r) => r.uuid));
    });
    this.transition('idle');
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    if (e.key !== 'Escape') return false;
    this.onCancel();
    return true;
  }

  onCancel(): void {
    this.transition('idle');
  }
}

/** The live pixels of a stroke in progress, per editor, for the view to draw before the stroke is encoded. */
const strokes = new WeakMap<Editor, ReadonlyArray<{ uuid: string | undefined; pixels: BinaryMask }>>();

export const strokePixels = (editor: Editor) => strokes.get(editor) ?? [];
