export { ImageEditorView, type ImageEditorViewProps } from './ImageEditorView.tsx';
export { VideoEditorView, type VideoEditorViewProps } from './VideoEditorView.tsx';
export { TextEditorView, type TextEditorViewProps } from './TextEditorView.tsx';
export { ImageStage } from './ImageStage.tsx';
export { ObjectList } from './ObjectList.tsx';
export { ClassificationForm } from './ClassificationForm.tsx';
export { CheatSheet } from './CheatSheet.tsx';
export { useEditorVersion } from './use-editor.ts';
export {
  CanvasRenderer,
  imageBackground,
  type BackgroundSource,
  type FrameStats,
  type RenderHost,
} from './render/canvas-renderer.ts';
export { chunkText, offsetOf, positionOf } from './text-dom.ts';
export {
  ConversationEditorView,
  type ConversationEditorViewProps,
} from './conversation/ConversationEditorView.tsx';
