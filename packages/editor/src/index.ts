export { Editor, type EditorChange, type EditorListener } from './editor.ts';
export {
  defaultMaskCodec,
  memoryClipboard,
  type Clipboard,
  type EditorMedia,
  type EditorOptions,
  type MaskCodec,
  type VideoTiming,
} from './editor-options.ts';
export { initialInstanceState, type InstanceState, type Preview } from './instance-state.ts';
export { History, type HistoryPolicy } from './store/history.ts';
export { RecordStore, type RecordChange, type RecordDiff } from './store/record-store.ts';
export * from './geometry/camera.ts';
export { SpatialIndex, boxFromPoints, expandBox, intersects, unionBoxes } from './geometry/spatial-index.ts';
export { editorKinds, kindOf } from './kinds/registry.ts';
export type { EditorKindUtil, GeometryContext, Handle } from './kinds/kind-util.ts';
export {
  editClassification,
  findClassification,
  type ClassificationEdit,
  type ClassificationPath,
} from './kinds/classification.ts';
export { StateNode, type EditorKeyEvent, type EditorPointerEvent } from './tools/state-node.ts';
export { strokePixels } from './tools/brush/painting.ts';
export { keyString, runHotkey, shortcuts, type Shortcut } from './hotkeys.ts';
export * from './actions/features.ts';
export * from './actions/objects.ts';
export { answerAt, classify } from './actions/classify.ts';
export { copySelected, cutSelected, paste } from './actions/clipboard.ts';
export { loadNdjson, replaceWithNdjson, toNdjson, type LoadProblem } from './actions/ndjson.ts';
export { loadMaskUrls, type FetchMaskPng } from './actions/mask-urls.ts';
export { createRelationship } from './actions/relationships.ts';
export { createEntity, entitiesAt } from './actions/text.ts';
export * from './text/offsets.ts';
export {
  conversationClassifications,
  createMessageEntity,
  labelByMessage,
  messageById,
  messageClassifications,
  messageEntities,
  messageEntitiesAt,
  misplacedEntities,
} from './actions/conversation.ts';
export {
  chosenReplies,
  evaluateReplies,
  evaluatedPrompts,
  evaluationOf,
  evaluationTools,
} from './actions/message-evaluation.ts';
export * from './actions/video.ts';
export * from './video/track.ts';
export * from './video/clock.ts';
export * from './actions/classify-frame.ts';
export * from './video/frame-ranges.ts';
