import { useCallback, useState } from 'react';
import { toolNode } from '../actions/features.ts';
import type { Editor } from '../editor.ts';
import { ClassificationForm, GlobalClassifications } from './ClassificationForm.tsx';
import { ClassPicker } from './ClassPicker.tsx';
import { CheatSheet } from './CheatSheet.tsx';
import { ImageStage } from './ImageStage.tsx';
import { ObjectList } from './ObjectList.tsx';
import type { CanvasRenderer, FrameStats } from './render/canvas-renderer.ts';
import { editorCss } from './styles.ts';
import { Toolbar } from './Toolbar.tsx';
import { useEditorVersion } from './use-editor.ts';
import { useReadOnlyLock } from './use-read-only-lock.ts';

export type ImageEditorViewProps = {
  editor: Editor;
  /** The decoded row image (an HTMLImageElement or ImageBitmap the host loaded). */
  image: CanvasImageSource | undefined;
  readOnly?: boolean;
  /** Extra panel content: instructions, submit/skip, review controls. */
  aside?: React.ReactNode;
  onFrame?: (stats: FrameStats) => void;
  onRenderer?: (renderer: CanvasRenderer) => void;
};

const IMAGE_TOOLS = ['rectangle', 'polygon', 'point', 'line', 'raster-segmentation', 'edge'];

/** The image labeling editor: classes, canvas, object list and classifications around one `Editor`. */
export function ImageEditorView({
  editor,
  image,
  readOnly = false,
  aside,
  onFrame,
  onRenderer,
}: ImageEditorViewProps) {
  useEditorVersion(editor);
  const [cheats, setCheats] = useState(false);
  useReadOnlyLock(editor, readOnly);
  const openCheats = useCallback(() => setCheats(true), []);
  const selected = editor.selectedObjects();
  const single = selected.length === 1 ? selected[0] : undefined;
  const nested = single ? (toolNode(editor, single.featureSchemaId)?.classifications ?? []) : [];
  return (
    <div className="ly-editor" aria-label="Image editor">
      <style>{editorCss}</style>
      <Toolbar editor={editor} onCheatSheet={openCheats} readOnly={readOnly} />
      {readOnly ? <div className="ly-classes" /> : <ClassPicker editor={editor} kinds={IMAGE_TOOLS} />}
      <ImageStage
        editor={editor}
        image={image}
        onCheatSheet={openCheats}
        onFrame={onFrame}
        onRenderer={onRenderer}
      />
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
        <GlobalClassifications editor={editor} label="Row classifications" readOnly={readOnly} />
        <ObjectList editor={editor} readOnly={readOnly} />
      </aside>
      <CheatSheet editor={editor} open={cheats} onClose={() => setCheats(false)} />
    </div>
  );
}
