import type { NormalizedClassification, ObjectAnnotation } from '@labelyard/schema';
import { useCallback, useRef, useState } from 'react';
import { frameRecords } from '../actions/classify-frame.ts';
import { keyframeFrames } from '../video/track.ts';
import { globalClassifications, toolNode } from '../actions/features.ts';
import type { Editor } from '../editor.ts';
import { CheatSheet } from './CheatSheet.tsx';
import { ClassificationForm } from './ClassificationForm.tsx';
import { ClassPicker } from './ClassPicker.tsx';
import { ObjectList } from './ObjectList.tsx';
import { editorCss } from './styles.ts';
import { Toolbar } from './Toolbar.tsx';
import { useEditorVersion } from './use-editor.ts';
import { useReadOnlyLock } from './use-read-only-lock.ts';
import { FrameClassifications } from './video/FrameClassifications.tsx';
import { Timeline } from './video/Timeline.tsx';
import { useVideoPlayer } from './video/use-video-player.ts';
import { VIDEO_SHORTCUTS } from './video/video-keys.ts';
import { VideoStage } from './video/VideoStage.tsx';
import { videoCss } from './video/video-styles.ts';

export type VideoEditorViewProps = {
  editor: Editor;
  /** The row's video URL (a signed file URL for uploaded files). */
  src: string;
  readOnly?: boolean;
  /** Extra panel content: instructions, submit/skip, review controls. */
  aside?: React.ReactNode;
};

/** Ontology tools a video object can be drawn with (Labelbox's video tools that are not masks). */
const VIDEO_TOOLS = ['rectangle', 'point'];
const VIEW_TOOLS = ['select', 'hand'];
const EDIT_TOOLS = ['select', 'hand', 'box', 'point'];
/** "box track, 2 keyframes" in the object list. */
const describeTrack = (o: ObjectAnnotation): string => {
  if (o.kind !== 'video-object') return o.kind;
  const n = keyframeFrames(o).length;
  return `${o.shape === 'bbox' ? 'box' : o.shape} track, ${n} keyframe${n === 1 ? '' : 's'}`;
};

/** The image editor's keys for tools a video has not: not listed in the video editor's cheat sheet. */
const IMAGE_ONLY_KEYS = new Set(['p', 'l', 'm', 'e', 'r', '[', ']']);

/** The cheat sheet's video keys, and H without the image editor's "hold Space" (Space plays the video here). */
const VIDEO_CHEATS = [...VIDEO_SHORTCUTS, { keys: 'h', label: 'Pan', group: 'Tools' }];

/**
 * The video labeling editor: the video under a canvas overlay with the timeline, classes, the object list and
 * the row's and the current frame's classifications, around one `Editor` whose current frame is the video's.
 * Boxes and points drawn on a frame are tracked objects: moving or resizing one on another frame keys it there,
 * and frames between keyframes are interpolated.
 */
export function VideoEditorView({ editor, src, readOnly = false, aside }: VideoEditorViewProps) {
  useEditorVersion(editor);
  const video = useRef<HTMLVideoElement>(null);
  const player = useVideoPlayer(editor, video);
  const [cheats, setCheats] = useState(false);
  useReadOnlyLock(editor, readOnly, VIEW_TOOLS);
  const openCheats = useCallback(() => setCheats(true), []);
  const selected = editor.selectedObjects();
  const single = selected.length === 1 ? selected[0] : undefined;
  const nested = single ? (toolNode(editor, single.featureSchemaId)?.classifications ?? []) : [];
  const questions = globalClassifications(editor);
  // Frame questions: the ontology's frame-based ones (scope `index`), and any the label answers per frame (imports
  // carry `frames` on classifications whatever the scope, as Labelbox's SDK examples do).
  const perFrame = (q: NormalizedClassification) =>
    q.scope === 'index' || frameRecords(editor, q.featureSchemaId).length > 0;
  const rowQuestions = questions.filter((q) => !perFrame(q));
  const frameQuestions = questions.filter(perFrame);
  return (
    <div className="ly-editor ly-video-editor" aria-label="Video editor">
      <style>{editorCss + videoCss}</style>
      <Toolbar
        editor={editor}
        onCheatSheet={openCheats}
        readOnly={readOnly}
        tools={readOnly ? VIEW_TOOLS : EDIT_TOOLS}
      />
      {readOnly ? <div className="ly-classes" /> : <ClassPicker editor={editor} kinds={VIDEO_TOOLS} />}
      <div className="ly-video-main">
        <VideoStage
          editor={editor}
          src={src}
          video={video}
          player={player}
          readOnly={readOnly}
          tools={readOnly ? VIEW_TOOLS : EDIT_TOOLS}
          onCheatSheet={openCheats}
        />
        <Timeline editor={editor} player={player} readOnly={readOnly} />
      </div>
      <aside className="ly-panel" aria-label="Label details">
        {aside}
        {single && nested.length > 0 && (
          <section aria-label="Object classifications">
            <h2>{single.name}</h2>
            <ClassificationForm
              key={single.uuid}
              editor={editor}
              owner={single.uuid}
              questions={nested}
              readOnly={readOnly}
            />
          </section>
        )}
        {rowQuestions.length > 0 && (
          <section aria-label="Video classifications">
            <h2>Whole video</h2>
            <ClassificationForm editor={editor} owner={null} questions={rowQuestions} readOnly={readOnly} />
          </section>
        )}
        {frameQuestions.length > 0 && (
          <FrameClassifications
            editor={editor}
            frame={player.frame}
            questions={frameQuestions}
            readOnly={readOnly}
          />
        )}
        <ObjectList editor={editor} readOnly={readOnly} describe={describeTrack} />
      </aside>
      <CheatSheet
        editor={editor}
        open={cheats}
        onClose={() => setCheats(false)}
        extra={VIDEO_CHEATS}
        exclude={IMAGE_ONLY_KEYS}
        note="Drag with the middle button to pan. Wheel or pinch to zoom."
      />
    </div>
  );
}
