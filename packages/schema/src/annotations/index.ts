export { featureValue, type AnnotationBase, type FieldError, type MediaInfo } from './common.ts';
export type { FeatureRef, FeatureResolver, ResolvedFeature } from './feature-resolver.ts';
export type { ConvertContext, ParseContext, RasterContext } from './context.ts';
export type { CocoGeometry, Geometry, ObjectBase, ObjectKindUtil } from './object-util.ts';
export { bboxAnnotationSchema, bboxUtil, type BBoxAnnotation } from './bbox.ts';
export { polygonAnnotationSchema, polygonUtil, type PolygonAnnotation } from './polygon.ts';
export { pointAnnotationSchema, pointUtil, type PointAnnotation } from './point.ts';
export { polylineAnnotationSchema, polylineUtil, type PolylineAnnotation } from './polyline.ts';
export {
  maskAnnotationPixels,
  maskAnnotationSchema,
  maskUtil,
  type MaskAnnotation,
  type MaskSource,
} from './mask.ts';
export { textEntityAnnotationSchema, textEntityUtil, type TextEntityAnnotation } from './text-entity.ts';
export {
  documentEntityAnnotationSchema,
  documentEntityUtil,
  type DocumentEntityAnnotation,
  type TextSelection,
} from './document-entity.ts';
export {
  DICOM_GROUP_KEYS,
  keyframeGeometry,
  videoAnnotationKind,
  videoObjectAnnotationSchema,
  videoObjectUtil,
  type DicomGroupKey,
  type VideoKeyframe,
  type VideoObjectAnnotation,
  type VideoSegment,
  type VideoShape,
} from './video-object.ts';
export {
  MAX_MASK_FRAMES,
  readVideoMaskLine,
  videoMaskAnnotationKind,
  videoMaskAnnotationSchema,
  videoMaskFrameFields,
  videoMaskUtil,
  type VideoMaskAnnotation,
  type VideoMaskFrame,
} from './video-mask.ts';
export {
  messageEvaluationAgreement,
  messageEvaluationAnnotationSchema,
  messageEvaluationUtil,
  type MessageEvaluationAnnotation,
  type MessageEvaluationFormat,
  type MessageEvaluationTask,
  type MessageInfo,
} from './message-evaluation.ts';
export { segmentRanges, videoObjectAt, videoObjectFrames, type VideoFrameState } from './video-frames.ts';
export {
  relationshipAnnotationSchema,
  relationshipUtil,
  type RelationshipAnnotation,
  type RelationshipDirection,
} from './relationship.ts';
export {
  classificationAnswerSchema,
  classificationSchema,
  classificationToV1,
  classificationToV2,
  type ChecklistClassification,
  type ClassificationAnnotation,
  type ClassificationAnswer,
  type ClassificationKind,
  type FrameRange,
  type RadioClassification,
  type TextClassification,
} from './classification.ts';
export {
  objectAnnotationSchema,
  objectUtil,
  objectUtilForTool,
  objectUtils,
  type Annotation,
  type ObjectAnnotation,
  type ObjectKind,
} from './registry.ts';
export {
  emptyLabelDocument,
  groupAnnotations,
  isClassificationAnnotation,
  isObjectAnnotation,
  labelDocumentSchema,
  parseLabelDocument,
  validateLabelDocument,
  type LabelDocument,
  type ParseResult,
} from './label.ts';
export { conversationMessageIds, conversationMessageLengths, unknownMessage } from './conversation.ts';
export {
  parseConversation,
  type Conversation,
  type ConversationMessage,
  type ConversationResult,
} from './conversation-row.ts';
