import type { Editor } from '@labelyard/editor';
import { ConversationEditorView, ImageEditorView, TextEditorView } from '@labelyard/editor/view';
import type { ReactNode } from 'react';

/** The image, text or conversation editor for the row, with the page's panel (instructions, actions) beside the canvas. */
export function RowEditorView({
  editor,
  image,
  readOnly,
  aside,
}: {
  editor: Editor;
  image: HTMLImageElement | undefined;
  readOnly?: boolean;
  aside: ReactNode;
}) {
  return (
    <div className="ly-label-stage">
      {editor.media.conversation !== undefined ? (
        <ConversationEditorView editor={editor} readOnly={readOnly ?? false} aside={aside} />
      ) : editor.media.text !== undefined ? (
        <TextEditorView editor={editor} readOnly={readOnly ?? false} aside={aside} />
      ) : (
        <ImageEditorView editor={editor} image={image} readOnly={readOnly ?? false} aside={aside} />
      )}
    </div>
  );
}
