// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

/** Any JSON value (objects are not checked deeper). */
export type JsonValue = string | number | boolean | object | null;

export type AddDataRowsToBatchInput = {
  batchId: string;
  dataRowIds?: Array<string> | null;
  globalKeys?: Array<string> | null;
  priority?: number | null;
};

export type AddRowsToTaskQueueViaDataRowIdentifiersInput = {
  idType: string;
  ids: Array<string>;
};

export type AnnotationGroupWhereInput = {
  modelRunId: WhereUniqueIdInput;
};

export type AnnotationImportCreateInput = {
  filePayload?: AnnotationImportFilePayload | null;
  fileUrl?: string | null;
  name: string;
  projectId: string;
};

export type AnnotationImportFilePayload = {
  contentLength?: number | null;
  file: File;
};

export type AnnotationImportState = 'FAILED' | 'FINISHED' | 'RUNNING';

export type AnnotationImportWhereInput = {
  id?: string | null;
  name?: string | null;
  projectId?: string | null;
};

export type AssignGlobalKeysInput = {
  assignInputs: Array<AssignGlobalKeyToDataRowInput>;
};

export type AssignGlobalKeyToDataRowInput = {
  dataRowId: string;
  globalKey: string;
};

export type AttachmentType = 'CAMERA_IMAGE' | 'HTML' | 'IMAGE' | 'IMAGE_OVERLAY' | 'PDF_URL' | 'RAW_TEXT' | 'TEXT_URL' | 'VIDEO';

export type BenchmarkWhereUniqueInput = {
  labelId: string;
};

export type CloneProjectInput = {
  projectId: string;
};

export type ConflictLabelsResolutionStrategy = 'KEEP_EXISTING' | 'OVERRIDE_WITH_ANNOTATIONS' | 'OVERRIDE_WITH_PREDICTIONS';

export type ConsensusSettingsInput = {
  coveragePercentage: number;
  numberOfLabels: number;
};

export type CreateAssignDataRowsToDataSplitTaskInput = {
  assignments: Array<DataSplitAssignmentInput>;
};

export type CreateBatchesFromDatasetInput = {
  batchNamePrefix: string;
  consensusSettings?: ConsensusSettingsInput | null;
  datasetId: string;
  priority?: number | null;
};

export type CreateBatchesInput = {
  batchNamePrefix: string;
  consensusSettings?: ConsensusSettingsInput | null;
  dataRowIds?: Array<string> | null;
  globalKeys?: Array<string> | null;
  priority?: number | null;
};

export type CreateBatchInput = {
  consensusSettings?: ConsensusSettingsInput | null;
  dataRowIds?: Array<string> | null;
  globalKeys?: Array<string> | null;
  name: string;
  priority?: number | null;
};

export type CreateBenchmarkInput = {
  labelId: string;
};

export type CreateBulkAddRowsToQueueTaskInput = {
  dataRowIdentifiers: AddRowsToTaskQueueViaDataRowIdentifiersInput;
  queueId?: string | null;
};

export type CreateDataRowAttachmentInput = {
  dataRowId: string;
  name?: string | null;
  type: AttachmentType;
  value: string;
};

export type CreateEmptyBatchInput = {
  consensusSettings?: ConsensusSettingsInput | null;
  name: string;
};

export type CreateInviteInput = {
  inviteeEmail: string;
  inviterId?: string | null;
  organizationId?: string | null;
  organizationRoleId: string;
  projects?: Array<ProjectInviteInput> | null;
};

export type CreateModelConfigInput = {
  inferenceParams: JsonValue;
  modelId: string;
  name: string;
};

export type CreateProjectModelConfigInput = {
  modelConfigId: string;
  projectId: string;
};

export type CreateResourceTagInput = {
  color: string;
  text: string;
};

export type CreateReviewInput = {
  label: LabelConnectInput;
  project: ProjectConnectInput;
  score: number;
};

export type CreateSavedQueryInput = {
  description?: string | null;
  filter: JsonValue;
  kind?: SliceKind | null;
  name: string;
};

export type DataRowCustomMetadataBatchUpsertInput = {
  dataRowId?: string | null;
  fields: Array<DataRowCustomMetadataUpsertInput>;
  globalKey?: string | null;
};

export type DataRowCustomMetadataDataRowIdentifiersInput = {
  idType?: string | null;
  ids: Array<string>;
};

export type DataRowCustomMetadataUpsertInput = {
  schemaId: string;
  value?: JsonValue | null;
};

export type DataRowCustomMetadataWhereInput = {
  dataRowIdentifiers?: DataRowCustomMetadataDataRowIdentifiersInput | null;
};

export type DataRowIdentifierCursorInput = {
  dataRowId: string;
  globalKey?: string | null;
};

export type DataRowIdentifierCustomMetadataBatchDeleteInput = {
  dataRowIdentifier: DataRowIdentifierInput;
  schemaIds: Array<string>;
};

export type DataRowIdentifierInput = {
  id: string;
  idType?: string | null;
};

export type DataRowIdentifiersBySavedModelQueryInput = {
  after?: DataRowIdentifierCursorInput | null;
  first: number;
  modelRunId?: string | null;
  savedQueryId: string;
};

export type DataRowIdentifiersBySavedQueryInput = {
  after?: string | null;
  first: number;
  savedQueryId: string;
};

export type DataRowIdentifierType = 'GKEY' | 'ID';

export type DataRowImportPageInput = {
  first?: number | null;
  from?: string | null;
  taskId: string;
};

export type DataRowUpdateInput = {
  externalId?: string | null;
  globalKey?: string | null;
  rowData?: string | null;
};

export type DatasetCreateInput = {
  description?: string | null;
  name: string;
};

export type DatasetDataRowWhereInput = {
  externalId?: string | null;
  globalKey?: string | null;
};

export type DatasetOrderByInput = 'createdAt_ASC' | 'createdAt_DESC' | 'description_ASC' | 'description_DESC' | 'id_ASC' | 'id_DESC' | 'name_ASC' | 'name_DESC' | 'rowCount_ASC' | 'rowCount_DESC' | 'updatedAt_ASC' | 'updatedAt_DESC';

export type DatasetUpdateInput = {
  deleted?: boolean | null;
  description?: string | null;
  name?: string | null;
};

export type DatasetWhereInput = {
  AND?: Array<DatasetWhereInput> | null;
  NOT?: Array<DatasetWhereInput> | null;
  OR?: Array<DatasetWhereInput> | null;
  createdAt?: string | null;
  createdAt_gt?: string | null;
  createdAt_gte?: string | null;
  createdAt_lt?: string | null;
  createdAt_lte?: string | null;
  deleted?: boolean | null;
  deleted_not?: boolean | null;
  description?: string | null;
  description_contains?: string | null;
  description_ends_with?: string | null;
  description_in?: Array<string> | null;
  description_not?: string | null;
  description_not_contains?: string | null;
  description_starts_with?: string | null;
  id?: string | null;
  id_gt?: string | null;
  id_in?: Array<string> | null;
  id_lt?: string | null;
  id_not?: string | null;
  id_not_in?: Array<string> | null;
  name?: string | null;
  name_contains?: string | null;
  name_ends_with?: string | null;
  name_gt?: string | null;
  name_gte?: string | null;
  name_in?: Array<string> | null;
  name_lt?: string | null;
  name_lte?: string | null;
  name_not?: string | null;
  name_not_contains?: string | null;
  name_not_in?: Array<string> | null;
  name_starts_with?: string | null;
  rowCount?: number | null;
  rowCount_gt?: number | null;
  rowCount_gte?: number | null;
  rowCount_lt?: number | null;
  rowCount_lte?: number | null;
  rowCount_not?: number | null;
  updatedAt?: string | null;
  updatedAt_gt?: string | null;
  updatedAt_gte?: string | null;
  updatedAt_lt?: string | null;
  updatedAt_lte?: string | null;
};

export type DataSplit = 'TEST' | 'TRAINING' | 'UNASSIGNED' | 'VALIDATION';

export type DataSplitAssignmentInput = {
  dataRowIds?: Array<string> | null;
  globalKeys?: Array<string> | null;
  split: DataSplit;
};

export type DeleteBatchLabelsInput = {
  type: DeleteBatchLabelsType;
};

export type DeleteBatchLabelsType = 'RequeueData' | 'RequeueDataWithLabelAsTemplate';

export type DeleteDataRowsWhereInput = {
  dataRowIds: Array<string>;
};

export type DeleteModelConfigInput = {
  id: string;
};

export type DeleteModelRunDataRowsWhereInput = {
  dataRowIds: Array<string>;
  modelRunId: string;
};

export type DeleteProjectModelConfigInput = {
  id: string;
};

export type EditorTaskType = 'MODEL_CHAT_EVALUATION' | 'OFFLINE_MODEL_CHAT_EVALUATION' | 'RESPONSE_CREATION';

export type ExportDataRowsInCatalogInput = {
  filters: ExportFilters;
  isStreamableReady?: boolean | null;
  params?: ExportParams | null;
  streamable?: boolean | null;
  taskName?: string | null;
};

export type ExportDataRowsInModelRunInput = {
  filters: ExportFilters;
  isStreamableReady?: boolean | null;
  params?: ExportParams | null;
  streamable?: boolean | null;
  taskName?: string | null;
};

export type ExportDataRowsInProjectInput = {
  filters: ExportFilters;
  isStreamableReady?: boolean | null;
  params?: ExportParams | null;
  streamable?: boolean | null;
  taskName?: string | null;
};

export type ExportDataRowsInSliceInput = {
  filters: ExportSliceFilters;
  isStreamableReady?: boolean | null;
  params?: ExportParams | null;
  streamable?: boolean | null;
  taskName?: string | null;
};

export type ExportFilters = {
  modelRunId?: string | null;
  projectId?: string | null;
  searchQuery?: ExportSearchQuery | null;
};

export type ExportLabelsDateRange = {
  end?: string | null;
  start?: string | null;
};

export type ExportLabelsFilters = {
  labelCreatedAt?: ExportLabelsDateRange | null;
  lastActivityAt?: ExportLabelsDateRange | null;
};

export type ExportLabelsInput = {
  filters?: ExportLabelsFilters | null;
  projectId: string;
};

export type ExportParams = {
  allModelRuns?: boolean | null;
  allProjects?: boolean | null;
  includeAttachments?: boolean | null;
  includeDataRowDetails?: boolean | null;
  includeEmbeddings?: boolean | null;
  includeInterpolatedFrames?: boolean | null;
  includeLabelDetails?: boolean | null;
  includeMetadata?: boolean | null;
  includeModelRunDetails?: boolean | null;
  includePerformanceDetails?: boolean | null;
  includePredictions?: boolean | null;
  includeProjectDetails?: boolean | null;
  mediaTypeOverride?: string | null;
  modelRunIds?: Array<string> | null;
  projectIds?: Array<string> | null;
};

export type ExportSearchQuery = {
  query?: Array<JsonValue> | null;
  scope?: JsonValue | null;
};

export type ExportSliceFilters = {
  sliceId: string;
};

export type GlobalKeysWhereInput = {
  ids: Array<string>;
};

export type LabelConnectInput = {
  connect: WhereUniqueIdInput;
};

export type LabelDataRowWhereInput = {
  dataset?: LabelDatasetWhereInput | null;
  externalId?: string | null;
  externalId_in?: Array<string> | null;
  globalKey?: string | null;
  globalKey_in?: Array<string> | null;
  id?: string | null;
  id_in?: Array<string> | null;
};

export type LabelDatasetWhereInput = {
  id?: string | null;
  id_in?: Array<string> | null;
  id_not?: string | null;
  id_not_in?: Array<string> | null;
};

export type LabelingActivityWhereInput = {
  projectId: string;
};

export type LabelingFrontendConnectInput = {
  connect: WhereUniqueIdInput;
};

export type LabelingFrontendOptionsCreateInput = {
  customizationOptions?: string | null;
  labelingFrontend: LabelingFrontendConnectInput;
  project: ProjectConnectInput;
};

export type LabelingFrontendRelationInput = {
  connect?: WhereUniqueIdInput | null;
  disconnect?: boolean | null;
};

export type LabelingFrontendWhereInput = {
  AND?: Array<LabelingFrontendWhereInput> | null;
  NOT?: Array<LabelingFrontendWhereInput> | null;
  OR?: Array<LabelingFrontendWhereInput> | null;
  deleted?: boolean | null;
  description?: string | null;
  id?: string | null;
  id_in?: Array<string> | null;
  id_not?: string | null;
  iframeUrlPath?: string | null;
  name?: string | null;
  name_in?: Array<string> | null;
  name_not?: string | null;
};

export type LabelingParameterOverrideDataRowIdentifier = {
  id: string;
  idType: DataRowIdentifierType;
};

export type LabelOrderByInput = 'agreement_ASC' | 'agreement_DESC' | 'benchmarkAgreement_ASC' | 'benchmarkAgreement_DESC' | 'createdAt_ASC' | 'createdAt_DESC' | 'id_ASC' | 'id_DESC' | 'isBenchmarkReference_ASC' | 'isBenchmarkReference_DESC' | 'secondsToLabel_ASC' | 'secondsToLabel_DESC' | 'secondsToReview_ASC' | 'secondsToReview_DESC' | 'updatedAt_ASC' | 'updatedAt_DESC';

export type LabelTypeWhereInput = {
  id?: string | null;
  id_in?: Array<string> | null;
  name?: string | null;
};

export type LabelUserWhereInput = {
  id?: string | null;
  id_in?: Array<string> | null;
};

export type LabelWhereInput = {
  AND?: Array<LabelWhereInput> | null;
  NOT?: Array<LabelWhereInput> | null;
  OR?: Array<LabelWhereInput> | null;
  agreement?: number | null;
  agreement_gt?: number | null;
  agreement_gte?: number | null;
  agreement_lt?: number | null;
  agreement_lte?: number | null;
  agreement_not?: number | null;
  benchmarkAgreement?: number | null;
  benchmarkAgreement_gt?: number | null;
  benchmarkAgreement_gte?: number | null;
  benchmarkAgreement_lt?: number | null;
  benchmarkAgreement_lte?: number | null;
  createdAt?: string | null;
  createdAt_gt?: string | null;
  createdAt_gte?: string | null;
  createdAt_lt?: string | null;
  createdAt_lte?: string | null;
  createdAt_not?: string | null;
  createdBy?: LabelUserWhereInput | null;
  dataRow?: LabelDataRowWhereInput | null;
  deleted?: boolean | null;
  id?: string | null;
  id_in?: Array<string> | null;
  id_not?: string | null;
  id_not_in?: Array<string> | null;
  isBenchmarkReference?: boolean | null;
  secondsToLabel?: number | null;
  secondsToLabel_gt?: number | null;
  secondsToLabel_gte?: number | null;
  secondsToLabel_lt?: number | null;
  secondsToLabel_lte?: number | null;
  type?: LabelTypeWhereInput | null;
  updatedAt?: string | null;
  updatedAt_gt?: string | null;
  updatedAt_gte?: string | null;
  updatedAt_lt?: string | null;
  updatedAt_lte?: string | null;
};

export type MalPredictionImportForModelRunDataRowsInput = {
  dataRowIds: Array<string>;
  modelRunId: string;
  name: string;
  projectId: string;
};

export type MEADataRowRegistrationInput = {
  dataRowIds?: Array<string> | null;
  globalKeys?: Array<string> | null;
};

export type MEALabelRegistrationInput = {
  labelIds: Array<string>;
};

export type MEAPredictionImportCreateInput = {
  filePayload?: AnnotationImportFilePayload | null;
  fileUrl?: string | null;
  modelRunId: string;
  name: string;
};

export type MEAPredictionImportWhereInput = {
  id?: string | null;
  modelRunId?: string | null;
  name?: string | null;
};

export type MEAProjectLabelRegistrationWhereInput = {
  modelRunId: string;
  projectId: string;
};

export type MediaType = 'AUDIO' | 'CONVERSATIONAL' | 'DICOM' | 'HTML' | 'IMAGE' | 'LLM' | 'LLM_PROMPT_CREATION' | 'LLM_PROMPT_RESPONSE_CREATION' | 'PDF' | 'POINT_CLOUD' | 'TEXT' | 'TMS_GEO' | 'TMS_SIMPLE' | 'UNKNOWN' | 'UNSUPPORTED' | 'VIDEO';

export type ModelCreateInput = {
  name: string;
  ontologyId: string;
};

export type ModelRunCreateInput = {
  modelId: string;
  name: string;
  trainingMetadata?: JsonValue | null;
};

export type ModelRunStatus = 'COMPLETE' | 'EXPORTING_DATA' | 'FAILED' | 'PREPARING_DATA' | 'TRAINING_MODEL';

export type ModelWhereInput = {
  AND?: Array<ModelWhereInput> | null;
  NOT?: Array<ModelWhereInput> | null;
  OR?: Array<ModelWhereInput> | null;
  createdAt_gt?: string | null;
  createdAt_gte?: string | null;
  createdAt_lt?: string | null;
  createdAt_lte?: string | null;
  id?: string | null;
  id_in?: Array<string> | null;
  id_not?: string | null;
  id_not_in?: Array<string> | null;
  name?: string | null;
  name_contains?: string | null;
  name_ends_with?: string | null;
  name_in?: Array<string> | null;
  name_not?: string | null;
  name_not_contains?: string | null;
  name_not_in?: Array<string> | null;
  name_starts_with?: string | null;
  ontologyId?: string | null;
  ontologyId_in?: Array<string> | null;
};

export type OntologyFilter = {
  status?: string | null;
};

export type OntologyListWhere = {
  filter?: OntologyFilter | null;
  search?: string | null;
};

export type ProjectBoostWorkforceInput = {
  projectId: string;
};

export type ProjectConnectInput = {
  connect: WhereUniqueIdInput;
};

export type ProjectCreateInput = {
  allowedMediaType?: MediaType | null;
  appendToExistingDataset?: boolean | null;
  autoAuditNumberOfLabels?: number | null;
  autoAuditPercentage?: number | null;
  dataRowCount?: number | null;
  datasetNameOrId?: string | null;
  description?: string | null;
  editorTaskType?: EditorTaskType | null;
  isBenchmarkEnabled?: boolean | null;
  isConsensusEnabled?: boolean | null;
  name: string;
  queueMode?: QueueMode | null;
};

export type ProjectInviteInput = {
  projectId: string;
  projectRoleId: string;
};

export type ProjectModelSetupCompleteInput = {
  modelSetupComplete: boolean;
};

export type ProjectOrderByInput = 'allowedMediaType_ASC' | 'allowedMediaType_DESC' | 'autoAuditNumberOfLabels_ASC' | 'autoAuditNumberOfLabels_DESC' | 'autoAuditPercentage_ASC' | 'autoAuditPercentage_DESC' | 'createdAt_ASC' | 'createdAt_DESC' | 'description_ASC' | 'description_DESC' | 'editorTaskType_ASC' | 'editorTaskType_DESC' | 'id_ASC' | 'id_DESC' | 'isBenchmarkEnabled_ASC' | 'isBenchmarkEnabled_DESC' | 'isConsensusEnabled_ASC' | 'isConsensusEnabled_DESC' | 'lastActivityTime_ASC' | 'lastActivityTime_DESC' | 'name_ASC' | 'name_DESC' | 'setupComplete_ASC' | 'setupComplete_DESC' | 'updatedAt_ASC' | 'updatedAt_DESC';

export type ProjectUpdateInput = {
  allowedMediaType?: MediaType | null;
  autoAuditNumberOfLabels?: number | null;
  autoAuditPercentage?: number | null;
  deleted?: boolean | null;
  description?: string | null;
  editorTaskType?: EditorTaskType | null;
  isBenchmarkEnabled?: boolean | null;
  isConsensusEnabled?: boolean | null;
  labelingFrontend?: LabelingFrontendRelationInput | null;
  lastActivityTime?: string | null;
  name?: string | null;
  setupComplete?: string | null;
};

export type ProjectWhereInput = {
  AND?: Array<ProjectWhereInput> | null;
  NOT?: Array<ProjectWhereInput> | null;
  OR?: Array<ProjectWhereInput> | null;
  allowedMediaType?: MediaType | null;
  allowedMediaType_in?: Array<MediaType> | null;
  allowedMediaType_not?: MediaType | null;
  allowedMediaType_not_in?: Array<MediaType> | null;
  autoAuditNumberOfLabels?: number | null;
  autoAuditNumberOfLabels_gt?: number | null;
  autoAuditNumberOfLabels_gte?: number | null;
  autoAuditNumberOfLabels_in?: Array<number> | null;
  autoAuditNumberOfLabels_lt?: number | null;
  autoAuditNumberOfLabels_lte?: number | null;
  autoAuditNumberOfLabels_not?: number | null;
  autoAuditNumberOfLabels_not_in?: Array<number> | null;
  autoAuditPercentage?: number | null;
  autoAuditPercentage_gt?: number | null;
  autoAuditPercentage_gte?: number | null;
  autoAuditPercentage_in?: Array<number> | null;
  autoAuditPercentage_lt?: number | null;
  autoAuditPercentage_lte?: number | null;
  autoAuditPercentage_not?: number | null;
  autoAuditPercentage_not_in?: Array<number> | null;
  createdAt?: string | null;
  createdAt_gt?: string | null;
  createdAt_gte?: string | null;
  createdAt_in?: Array<string> | null;
  createdAt_lt?: string | null;
  createdAt_lte?: string | null;
  createdAt_not?: string | null;
  createdAt_not_in?: Array<string> | null;
  deleted?: boolean | null;
  deleted_not?: boolean | null;
  description?: string | null;
  description_gt?: string | null;
  description_gte?: string | null;
  description_in?: Array<string> | null;
  description_lt?: string | null;
  description_lte?: string | null;
  description_not?: string | null;
  description_not_in?: Array<string> | null;
  editorTaskType?: EditorTaskType | null;
  editorTaskType_in?: Array<EditorTaskType> | null;
  editorTaskType_not?: EditorTaskType | null;
  editorTaskType_not_in?: Array<EditorTaskType> | null;
  id?: string | null;
  id_gt?: string | null;
  id_gte?: string | null;
  id_in?: Array<string> | null;
  id_lt?: string | null;
  id_lte?: string | null;
  id_not?: string | null;
  id_not_in?: Array<string> | null;
  isBenchmarkEnabled?: boolean | null;
  isBenchmarkEnabled_not?: boolean | null;
  isConsensusEnabled?: boolean | null;
  isConsensusEnabled_not?: boolean | null;
  lastActivityTime?: string | null;
  lastActivityTime_gt?: string | null;
  lastActivityTime_gte?: string | null;
  lastActivityTime_in?: Array<string> | null;
  lastActivityTime_lt?: string | null;
  lastActivityTime_lte?: string | null;
  lastActivityTime_not?: string | null;
  lastActivityTime_not_in?: Array<string> | null;
  name?: string | null;
  name_contains?: string | null;
  name_ends_with?: string | null;
  name_gt?: string | null;
  name_gte?: string | null;
  name_in?: Array<string> | null;
  name_lt?: string | null;
  name_lte?: string | null;
  name_not?: string | null;
  name_not_contains?: string | null;
  name_not_in?: Array<string> | null;
  name_starts_with?: string | null;
  setupComplete?: string | null;
  setupComplete_gt?: string | null;
  setupComplete_gte?: string | null;
  setupComplete_in?: Array<string> | null;
  setupComplete_lt?: string | null;
  setupComplete_lte?: string | null;
  setupComplete_not?: string | null;
  setupComplete_not_in?: Array<string> | null;
  updatedAt?: string | null;
  updatedAt_gt?: string | null;
  updatedAt_gte?: string | null;
  updatedAt_in?: Array<string> | null;
  updatedAt_lt?: string | null;
  updatedAt_lte?: string | null;
  updatedAt_not?: string | null;
  updatedAt_not_in?: Array<string> | null;
};

export type QueueMode = 'BATCH' | 'DATA_SET';

export type QueuePriorityUpdateDataRowIdentifiersInput = {
  idType: string;
  ids: Array<string>;
};

export type QueuePriorityUpdateInput = {
  dataRowIdentifiers?: QueuePriorityUpdateDataRowIdentifiersInput | null;
  priority: number;
};

export type QueueType = 'LabelingQueue' | 'ReviewQueue';

export type ReserveNextDataRowInput = {
  projectId: string;
  queueType: QueueType;
};

export type ReviewNetScore = 'Negative' | 'None' | 'Positive' | 'Zero';

export type ReviewUpdateInput = {
  comment?: string | null;
  deleted?: boolean | null;
  score?: number | null;
};

export type ReviewVerdict = 'APPROVE' | 'REJECT';

export type RootSchemaNodeFilter = {
  status?: string | null;
};

export type RootSchemaNodeListWhere = {
  filter?: RootSchemaNodeFilter | null;
  search?: string | null;
};

export type RootSchemaNodeWhere = {
  featureSchemaId?: string | null;
};

export type SaveLabelDraftInput = {
  annotations: Array<JsonValue>;
  reservationId: string;
};

export type SendToAnnotateAnnotationsInput = {
  featureSchemaIdsMapping?: JsonValue | null;
  projectId: string;
};

export type SendToAnnotateBatchInput = {
  batchName: string;
  batchPriority?: number | null;
};

export type SendToAnnotateFromCatalogInput = {
  annotationsInput?: SendToAnnotateAnnotationsInput | null;
  batchInput: SendToAnnotateBatchInput;
  conflictLabelsResolutionStrategy?: ConflictLabelsResolutionStrategy | null;
  destinationProjectId: string;
  destinationTaskQueue?: SendToAnnotateTaskQueueInput | null;
  excludeDataRowsInProject?: boolean | null;
  limit?: number | null;
  ordering?: JsonValue | null;
  predictionsInput?: SendToAnnotatePredictionsInput | null;
  searchQuery: SendToAnnotateSearchQueryInput;
  sorting?: JsonValue | null;
};

export type SendToAnnotateFromMeaInput = {
  annotationsInput?: SendToAnnotateAnnotationsInput | null;
  batchInput: SendToAnnotateBatchInput;
  conflictLabelsResolutionStrategy?: ConflictLabelsResolutionStrategy | null;
  destinationProjectId: string;
  destinationTaskQueue?: SendToAnnotateTaskQueueInput | null;
  excludeDataRowsInProject?: boolean | null;
  predictionsInput?: SendToAnnotatePredictionsInput | null;
  searchQuery: Array<JsonValue>;
  sourceModelRunId: string;
};

export type SendToAnnotatePredictionsInput = {
  featureSchemaIdsMapping?: JsonValue | null;
  maxConfidence?: number | null;
  minConfidence?: number | null;
  modelRunId: string;
};

export type SendToAnnotateSearchQueryInput = {
  query: Array<JsonValue>;
  scope?: JsonValue | null;
};

export type SendToAnnotateTaskQueueInput = {
  type: string;
  value?: string | null;
};

export type SetLabelingParameterOverridesInput = {
  dataRowIdentifier: LabelingParameterOverrideDataRowIdentifier;
  priority: number;
};

export type SetOrganizationRoleInput = {
  roleId: string;
  userId: string;
};

export type SetProjectInstructionsInput = {
  instructionsUrl: string;
};

export type SetProjectMembershipInput = {
  projectId: string;
  roleId: string;
  userId: string;
};

export type SetProjectReviewStepInput = {
  enabled: boolean;
  projectId: string;
};

export type SetSignerForDatasetInput = {
  signerId: string;
};

export type SkipQueuedDataRowInput = {
  reason?: string | null;
  reservationId: string;
  secondsToLabel?: number | null;
};

export type SliceKind = 'CATALOG' | 'MODEL';

export type SubmitQueuedLabelInput = {
  annotations: Array<JsonValue>;
  reservationId: string;
  secondsToLabel: number;
};

export type SubmitReviewInput = {
  annotations?: Array<JsonValue> | null;
  comment?: string | null;
  reservationId: string;
  secondsToReview?: number | null;
  verdict: ReviewVerdict;
};

export type TaskStreamType = 'ERRORS' | 'RESULT';

export type TaskWhereInput = {
  id?: string | null;
};

export type UpdateDataRowAttachmentInput = {
  name?: string | null;
  type?: AttachmentType | null;
  value?: string | null;
};

export type UpdateModelRunConfigInput = {
  config: JsonValue;
};

export type UpdateProjectResourceTagsInput = {
  resourceTagIds?: Array<string> | null;
};

export type UpdateSavedQueryInput = {
  description?: string | null;
  filter?: JsonValue | null;
  name?: string | null;
};

export type UpdateTrainingPipelineInput = {
  errorMessage?: string | null;
  metadata?: JsonValue | null;
  status: ModelRunStatus;
};

export type UpsertAutoQaLabelFeedbackInput = {
  feedback: string;
  labelId: string;
  scores: JsonValue;
};

export type UpsertCustomMetadataSchemaInput = {
  id?: string | null;
  kind: string;
  name: string;
  options?: Array<UpsertCustomMetadataSchemaOptionInput> | null;
};

export type UpsertCustomMetadataSchemaOptionInput = {
  id?: string | null;
  kind?: string | null;
  name: string;
};

export type UpsertDataRowsInput = {
  manifestUri: string;
};

export type UpsertOntologyInput = {
  description?: string | null;
  editorTaskType?: EditorTaskType | null;
  mediaType?: MediaType | null;
  name: string;
  normalized: JsonValue;
};

export type UpsertRootSchemaNodeInput = {
  normalized: JsonValue;
};

export type UserGroupInput = {
  color: string;
  name: string;
  projectIds: Array<string>;
  userIds: Array<string>;
};

export type UserOrderByInput = 'createdAt_ASC' | 'createdAt_DESC' | 'email_ASC' | 'email_DESC' | 'id_ASC' | 'id_DESC' | 'name_ASC' | 'name_DESC' | 'updatedAt_ASC' | 'updatedAt_DESC';

export type UserUpdateInput = {
  deleted?: boolean | null;
};

export type UserWhereInput = {
  AND?: Array<UserWhereInput> | null;
  NOT?: Array<UserWhereInput> | null;
  OR?: Array<UserWhereInput> | null;
  createdAt?: string | null;
  createdAt_gt?: string | null;
  createdAt_lt?: string | null;
  deleted?: boolean | null;
  email?: string | null;
  email_contains?: string | null;
  email_in?: Array<string> | null;
  email_not?: string | null;
  email_not_in?: Array<string> | null;
  id?: string | null;
  id_in?: Array<string> | null;
  id_not?: string | null;
  id_not_in?: Array<string> | null;
  name?: string | null;
  name_contains?: string | null;
  name_in?: Array<string> | null;
  name_not?: string | null;
};

export type WebhookCreateInput = {
  project?: WhereUniqueIdInput | null;
  secret: string;
  topics: WebhookTopicsInput;
  url: string;
};

export type WebhookStatus = 'ACTIVE' | 'INACTIVE' | 'REVOKED';

export type WebhookTopic = 'LABEL_CREATED' | 'LABEL_DELETED' | 'LABEL_UPDATED' | 'REVIEW_CREATED' | 'REVIEW_DELETED' | 'REVIEW_UPDATED' | 'WORKFLOW_ACTION';

export type WebhookTopicsInput = {
  set: Array<WebhookTopic>;
};

export type WebhookUpdateInput = {
  secret?: string | null;
  status?: WebhookStatus | null;
  topics?: WebhookTopicsInput | null;
  url?: string | null;
};

export type WhereUniqueIdInput = {
  id: string;
};

export type WhereUniqueIdsInput = {
  ids: Array<string>;
};
