import type { PointAnnotation } from '@labelyard/schema';
import { newObject } from '../../actions/features.ts';
import { trackedOnVideo } from '../../actions/video.ts';
import { insideImage, snap } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

export class PointIdle extends StateNode {
  readonly id = 'idle';

  onPointerDown(e: EditorPointerEvent): void {
    if (e.button !== 0 || !insideImage(this.editor, e.world)) return;
    const record = newObject<PointAnnotation>(this.editor, { kind: 'point', point: snap(e.world) });
    if (!record) return;
    this.editor.put([trackedOnVideo(this.editor, record)], 'undoable');
    this.editor.select([record.uuid]);
  }
}
