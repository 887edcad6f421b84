import { batchResolvers } from './batch.resolvers.ts';
import { dataRowResolvers } from './data-row.resolvers.ts';
import { datasetResolvers } from './dataset.resolvers.ts';
import { globalKeyResolvers } from './global-key.resolvers.ts';
import { identityResolvers } from './identity.resolvers.ts';
import { metadataResolvers } from './metadata.resolvers.ts';
import { ontologyResolvers } from './ontology.resolvers.ts';
import { projectResolvers } from './project.resolvers.ts';
import { taskResolvers } from './task.resolvers.ts';
import { mergeResolvers } from './merge.ts';

/** All resolvers, merged by type; each feature contributes its own file. */
export const resolvers = mergeResolvers(identityResolvers, taskResolvers, projectResolvers, batchResolvers, ontologyResolvers,
  datasetResolvers, dataRowResolvers, metadataResolvers, globalKeyResolvers);
