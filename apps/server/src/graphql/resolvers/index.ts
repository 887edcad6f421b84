import { annotationImportResolvers } from './annotation-import.resolvers.ts';
import { attachmentResolvers } from './attachment.resolvers.ts';
import { batchResolvers } from './batch.resolvers.ts';
import { dataRowResolvers } from './data-row.resolvers.ts';
import { datasetResolvers } from './dataset.resolvers.ts';
import { embeddingResolvers } from './embedding.resolvers.ts';
import { exportResolvers } from './export.resolvers.ts';
import { globalKeyResolvers } from './global-key.resolvers.ts';
import { identityResolvers } from './identity.resolvers.ts';
import { labelAnnotationsResolvers } from './label-annotations.resolvers.ts';
import { labelResolvers } from './label.resolvers.ts';
import { memberResolvers } from './member.resolvers.ts';
import { modelResolvers } from './model.resolvers.ts';
import { metadataResolvers } from './metadata.resolvers.ts';
import { ontologyResolvers } from './ontology.resolvers.ts';
import { projectInstructionsTextResolvers } from './project-instructions-text.resolvers.ts';
import { projectResolvers } from './project.resolvers.ts';
import { resourceTagResolvers } from './resource-tag.resolvers.ts';
import { labelingServiceResolvers } from './labeling-service.resolvers.ts';
import { projectExtrasResolvers } from './project-extras.resolvers.ts';
import { qualityResolvers } from './quality.resolvers.ts';
import { queueResolvers } from './queue.resolvers.ts';
import { sendToAnnotateResolvers } from './send-to-annotate.resolvers.ts';
import { sliceResolvers } from './slice.resolvers.ts';
import { taskResolvers } from './task.resolvers.ts';
import { userGroupResolvers } from './user-group.resolvers.ts';
import { webAppResolvers } from './web-app.resolvers.ts';
import { webhookResolvers } from './webhook.resolvers.ts';
import { meaPredictionImportResolvers } from './mea-prediction-import.resolvers.ts';
import { modelRunMetricsResolvers } from './model-run-metrics.resolvers.ts';
import { mergeResolvers } from './merge.ts';

/** All resolvers, merged by type; each feature contributes its own file. */
export const resolvers = mergeResolvers(
  identityResolvers,
  memberResolvers,
  userGroupResolvers,
  taskResolvers,
  projectResolvers,
  projectInstructionsTextResolvers,
  resourceTagResolvers,
  labelingServiceResolvers,
  projectExtrasResolvers,
  batchResolvers,
  ontologyResolvers,
  datasetResolvers,
  dataRowResolvers,
  attachmentResolvers,
  metadataResolvers,
  globalKeyResolvers,
  exportResolvers,
  labelResolvers,
  labelAnnotationsResolvers,
  annotationImportResolvers,
  webhookResolvers,
  modelResolvers,
  meaPredictionImportResolvers,
  modelRunMetricsResolvers,
  embeddingResolvers,
  sendToAnnotateResolvers,
  webAppResolvers,
  sliceResolvers,
  qualityResolvers,
  queueResolvers,
);
