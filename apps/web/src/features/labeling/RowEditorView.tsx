import type { Editor } from '@labelyard/editor';
import {
  ConversationEditorView,
  ImageEditorView,
  TextEditorView,
  VideoEditorView,
} from '@labelyard/editor/view';
import type { ReactNode } from 'react';

/** The image, text, video or conversation editor for the row, with the page's panel (instructions, actions) beside it. */
export function RowEditorView({
  editor,
  image,
  video,
  readOnly,
  aside,
}: {
  editor: Editor;
  image: HTMLImageElement | undefined;
  /** The row's video URL on video rows. */
  video?: string | undefined;
  readOnly?: boolean;
  aside: ReactNode;
}) {
  return (
    <div className="ly-label-stage">
      {video !== undefined ? (
        <VideoEditorView editor={editor} src={video} readOnly={readOnly ?? false} aside={aside} />
      ) : editor.media.conversation !== undefined ? (
        <ConversationEditorView editor={editor} readOnly={readOnly ?? false} aside={aside} />
      ) : editor.media.text !== undefined ? (
        <TextEditorView editor={editor} readOnly={readOnly ?? false} aside={aside} />
      ) : (
        <ImageEditorView editor={editor} image={image} readOnly={readOnly ?? false} aside={aside} />
      )}
    </div>
  );
}
