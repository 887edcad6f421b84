import type { AccessRule, Permission } from '../services/access.service.ts';

type Args = Record<string, any>;
type Policy = { permission: Permission; project?: (args: Args) => string | null | undefined };

const self: Policy = { permission: 'self' };
const read: Policy = { permission: 'read' };
const manage: Policy = { permission: 'manage' };
const members: Policy = { permission: 'members' };
const inProject = (permission: Permission, project: Policy['project']): Policy => ({ permission, project });
const whereId = (a: Args) => a.where?.id as string | undefined;
const dataProjectId = (a: Args) => a.data?.projectId as string | undefined;

/**
 * The permission every root field needs (services/access.service.ts decides). buildSchema refuses to start when a
 * Query or Mutation field has no entry here, so nothing reaches a service unchecked. Project-scoped fields name
 * their project so that a project-based user's project role decides; services then filter what those users see
 * (`projects` lists only their projects).
 */
export const rootFieldPolicy: Record<'Query' | 'Mutation', Record<string, Policy>> = {
  Query: {
    projectBoostWorkforce: inProject('read', dataProjectId),
    user: self,
    organization: self,
    roles: self,
    users: read,
    iamIntegrations: manage,
    task: self,
    dataset: read,
    datasets: read,
    dataRow: read,
    datasetDataRows: read,
    externalIdsToDataRowIds: read,
    queryAllDataRowsHaveBeenProcessed: read,
    successesfulDataRowImports: manage,
    failedDataRowImports: manage,
    customMetadataOntology: read,
    dataRowCustomMetadata: read,
    dataRowsForGlobalKeys: read,
    dataRowsForGlobalKeysResult: read,
    assignGlobalKeysToDataRowsResult: manage,
    clearGlobalKeysResult: manage,
    ontology: read,
    ontologies: read,
    rootSchemaNode: read,
    rootSchemaNodes: read,
    project: inProject('read', whereId),
    // Filtered to the caller's projects for project-based users.
    projects: self,
    labelingFrontend: self,
    labelingFrontends: self,
    batch: read,
    label: read,
    labelImport: inProject('manage', (a) => a.where?.projectId),
    modelAssistedLabelingPredictionImport: inProject('manage', (a) => a.where?.projectId),
    webhook: manage,
    invitesLimit: members,
    // The web app's own API-key page: every user manages their own keys.
    myApiKeys: self,
    myLabelStudioTokens: self,
    invites: members,
    userGroup: read,
    userGroups: read,
    projectMemberships: members,
    model: read,
    models: read,
    modelRun: read,
    modelErrorAnalysisPredictionImport: read,
    meaToMalPredictionImport: inProject('manage', (a) => a.where?.projectId),
    modelRunMetrics: read,
    annotationGroups: read,
    MEADataRowRegistrationTaskStatus: read,
    MEALabelRegistrationTaskStatus: read,
    assignDataRowsToDataSplitTaskStatus: read,
    similarDataRows: read,
    findModelFoundryApp: read,
    getSavedQuery: read,
    getDataRowIdentifiersBySavedQuery: read,
    getDataRowIdentifiersBySavedModelQuery: read,
    benchmark: read,
  },
  Mutation: {
    // The labeling queue (docs/queue.md). Calls naming only a reservation are checked by the queue service against
    // the caller's role in the reservation's project (label for LabelingQueue, review for ReviewQueue), which
    // also covers project-based users; ReviewQueue reservations and extensions need `review` there too.
    reserveNextDataRow: inProject('label', dataProjectId),
    submitQueuedLabel: self,
    skipQueuedDataRow: self,
    releaseReservation: self,
    saveLabelDraft: self,
    discardLabelDraft: self,
    submitReview: self,
    extendReservations: inProject('label', (a) => a.projectId),
    setProjectReviewStep: inProject('manage', dataProjectId),
    createMyApiKey: self,
    revokeMyApiKey: self,
    createMyLabelStudioToken: self,
    revokeMyLabelStudioToken: self,
    archiveOntologyFeature: manage,
    unarchiveOntologyFeature: manage,
    ping: self,
    uploadFile: manage,
    createDataset: manage,
    updateDataset: manage,
    setSignerForDataset: manage,
    validateDataset: manage,
    upsertDataRows: manage,
    updateDataRow: manage,
    deleteDataRows: manage,
    assignGlobalKeysToDataRows: manage,
    clearGlobalKeys: manage,
    upsertDataRowCustomMetadata: manage,
    deleteDataRowCustomMetadata: manage,
    upsertCustomMetadataSchema: manage,
    deleteCustomMetadataSchema: manage,
    upsertOntology: manage,
    upsertRootSchemaNode: manage,
    createProject: manage,
    updateProject: inProject('manage', whereId),
    setProjectInstructionsMarkdown: inProject('manage', whereId),
    project: inProject('manage', whereId),
    createLabelingFrontendOptions: inProject('manage', (a) => a.data?.project?.connect?.id),
    deleteLabels: manage,
    createLabelImport: inProject('manage', dataProjectId),
    createModelAssistedLabelingPredictionImport: inProject('manage', dataProjectId),
    createWebhook: manage,
    updateWebhook: manage,
    exportDataRowsInProject: manage,
    exportDataRowsInModelRun: manage,
    exportDataRowsInCatalog: manage,
    exportLabels: inProject('manage', dataProjectId),
    createDataRowAttachment: manage,
    updateDataRowAttachment: manage,
    deleteDataRowAttachment: manage,
    createResourceTag: manage,
    upsertProjectBoostWorkforce: inProject('manage', dataProjectId),
    cloneProject: inProject('manage', dataProjectId),
    // Reviewers and up, in the label's project (checked in the service).
    upsertAutoQaLabelFeedback: read,
    createInvites: members,
    createUserGroup: members,
    updateUserGroup: members,
    deleteUserGroup: members,
    revokeInvite: members,
    renewInviteLink: members,
    setOrganizationRole: members,
    // Project admins of project-based users may manage their project's members (checked in the service).
    setProjectMembership: inProject('members', dataProjectId),
    updateUser: members,
    createModel: manage,
    deleteModels: manage,
    createModelRun: manage,
    createModelErrorAnalysisPredictionImport: manage,
    createMalPredictionImportForModelRunDataRows: inProject('manage', dataProjectId),
    deleteModelRuns: manage,
    createMEAModelRunDataRowRegistrationTask: manage,
    createMEAModelRunLabelRegistrationTask: manage,
    createMEAModelRunProjectLabelRegistrationTask: manage,
    createAssignDataRowsToDataSplitTask: manage,
    deleteModelRunDataRows: manage,
    updateTrainingPipeline: manage,
    updateModelRunConfig: manage,
    resetModelRunConfig: manage,
    createModelConfig: manage,
    deleteModelConfig: manage,
    createProjectModelConfig: manage,
    deleteProjectModelConfig: manage,
    setProjectModelSetupComplete: inProject('manage', whereId),
    sendToAnnotateFromCatalog: manage,
    sendToAnnotateFromMea: manage,
    createSavedQuery: manage,
    updateSavedQuery: manage,
    deleteSavedQuery: manage,
    exportDataRowsInSlice: manage,
    // The label's project decides for project-based users (checked in the service once the label is read).
    // Managers of the label's project, project-based admins included (the service checks that project).
    createBenchmark: self,
    deleteBenchmark: self,
    setProjectInstructions: inProject('manage', whereId),
    // Reviewers and up in the label's project (the service checks the label belongs to it).
    createReview: inProject('review', (a) => a.data?.project?.connect?.id),
    // The service checks the review's project (review role; manage for someone else's review).
    updateReview: self,
  },
};

/** The rule for one call of a root field. */
export function accessRule(type: 'Query' | 'Mutation', field: string, args: Args): AccessRule | undefined {
  const policy = rootFieldPolicy[type][field];
  if (!policy) return undefined;
  return { permission: policy.permission, projectId: policy.project?.(args), action: `call ${field}` };
}
