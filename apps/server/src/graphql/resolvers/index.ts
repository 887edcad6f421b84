import { identityResolvers } from './identity.resolvers.ts';
import { taskResolvers } from './task.resolvers.ts';
import { mergeResolvers } from './merge.ts';

/** All resolvers, merged by type; each feature contributes its own file. */
export const resolvers = mergeResolvers(identityResolvers, taskResolvers);
