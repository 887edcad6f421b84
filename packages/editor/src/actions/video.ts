import type { ObjectAnnotation, VideoObjectAnnotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { kindOf } from '../kinds/registry.ts';
import { videoObjectOnFrame } from '../kinds/video-object.ts';
import { deleteKeyframe, endAt, firstSegment, setKeyframe, trackAt } from '../video/track.ts';

/**
 * Shows another frame of a video row. Tracked objects' bounds depend on the frame, so they are re-indexed (hit
 * testing and culling then see where they are on it). Session state: never in undo history.
 */
export function setVideoFrame(editor: Editor, frame: number): void {
  if (editor.instance.frame === frame) return;
  editor.batch(() => {
    editor.setInstance({ frame });
    for (const o of editor.objects())
      if (o.kind === 'video-object') editor.index.upsert(o.uuid, kindOf(o).bounds(o, editor.geometry));
  });
}

/**
 * On a video row (the editor has a frame), a shape a tool drew becomes a tracked object with one keyframe on the
 * current frame (same uuid, class and answers); on images it is returned as drawn.
 */
export function trackedOnVideo(editor: Editor, drawn: ObjectAnnotation): ObjectAnnotation {
  const frame = editor.instance.frame;
  if (frame === undefined) return drawn;
  const { uuid, featureSchemaId, name, classifications } = drawn;
  const base = { uuid, featureSchemaId, name, classifications, kind: 'video-object' as const };
  if (drawn.kind === 'bbox')
    return { ...base, shape: 'bbox', segments: firstSegment(frame, { bbox: drawn.bbox }) };
  if (drawn.kind === 'point')
    return { ...base, shape: 'point', segments: firstSegment(frame, { point: drawn.point }) };
  if (drawn.kind === 'polyline')
    return { ...base, shape: 'line', segments: firstSegment(frame, { line: drawn.points }) };
  return drawn;
}

/** The selected tracked object, when exactly one is selected. */
export function selectedTrack(editor: Editor): VideoObjectAnnotation | undefined {
  const [only, ...more] = editor.selectedObjects();
  return only?.kind === 'video-object' && more.length === 0 ? only : undefined;
}

function currentFrame(editor: Editor): number | undefined {
  return editor.instance.frame;
}

/** Makes the selected object's shape on this frame a keyframe (where it is interpolated or held). Undoable. */
export function addKeyframeHere(editor: Editor): boolean {
  const track = selectedTrack(editor);
  const frame = currentFrame(editor);
  if (!track || frame === undefined || editor.isLocked(track)) return false;
  const at = trackAt(track, frame);
  if (at.keyframe) return false;
  editor.put([setKeyframe(track, frame, at.geometry)], 'undoable');
  return true;
}

/** Deletes the selected object's keyframe on this frame; its last keyframe deletes the object. Undoable. */
export function deleteKeyframeHere(editor: Editor): boolean {
  const track = selectedTrack(editor);
  const frame = currentFrame(editor);
  if (!track || frame === undefined || editor.isLocked(track) || !trackAt(track, frame).keyframe)
    return false;
  const next = deleteKeyframe(track, frame);
  if (next) editor.put([next], 'undoable');
  else editor.remove([track.uuid], 'undoable');
  return true;
}

/** Ends the selected object's segment on this frame (hidden after it until its next keyframe). Undoable. */
export function endTrackHere(editor: Editor): boolean {
  const track = selectedTrack(editor);
  const frame = currentFrame(editor);
  if (!track || frame === undefined || editor.isLocked(track)) return false;
  const next = endAt(track, frame);
  if (next === track) return false;
  editor.put([next], 'undoable');
  return true;
}

export { videoObjectOnFrame };
