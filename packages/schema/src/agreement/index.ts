export { classificationAgreement, nestedAgreement } from './classification-agreement.ts';
export { consensusScores, type ConsensusInput, type ConsensusResult } from './consensus.ts';
export {
  featureObjectAgreement,
  featureRelationshipAgreement,
  labelAgreement,
  matchFeatureObjects,
  type AgreementOptions,
} from './label-agreement.ts';
export {
  discIou,
  maskIou,
  objectIou,
  polylineIou,
  spanIou,
  POINT_LINE_BUFFER,
  type MaskPixels,
} from './object-iou.ts';
export { polygonIou, polygonOverlapArea } from './polygon-overlap.ts';
export { widenedOverlapArea, widenPolyline, type WidenedPolyline } from './widened-polyline.ts';
export {
  aggregateMetrics,
  DEFAULT_IOU_THRESHOLD,
  NONE_FEATURE,
  predictionMetrics,
  type AnnotationMetric,
  type FeatureMetrics,
  type MetricsOptions,
  type RowMetrics,
} from './prediction-metrics.ts';
