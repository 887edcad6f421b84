import type { Logger } from 'pino';
import { IdentityEvents } from '../auth/identity-events.ts';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { UrlSigner } from '../storage/url-signer.ts';
import { AccessService } from './access.service.ts';
import { ApiKeyService } from './api-key.service.ts';
import { AnnotationImportService } from './annotation-import.service.ts';
import { BatchAsyncService } from './batch-async.service.ts';
import { BatchService } from './batch.service.ts';
import { DataRowImportService } from './data-row-import/service.ts';
import { DataRowMetadataService } from './data-row-metadata.service.ts';
import { DataRowService } from './data-row.service.ts';
import { DatasetService } from './dataset.service.ts';
import { EmbeddingService } from './embedding/embedding.service.ts';
import { SendToAnnotateService } from './send-to-annotate/send-to-annotate.service.ts';
import { ExportService } from './export.service.ts';
import { FeatureSchemaService } from './feature-schema.service.ts';
import { FormatExportService } from './format-export.service.ts';
import { GlobalKeyService } from './global-key.service.ts';
import { IdentityService } from './identity.service.ts';
import { LabelService } from './label.service.ts';
import { LabelingFrontendService } from './labeling-frontend.service.ts';
import { MaskService } from './mask.service.ts';
import { MemberService } from './member.service.ts';
import { ResourceTagService } from './resource-tag.service.ts';
import { LabelingServiceService } from './labeling-service.service.ts';
import { ProjectFlagsService } from './project-flags.service.ts';
import { ProjectCloneService } from './project-clone.service.ts';
import { LabelFeedbackService } from './label-feedback.service.ts';
import { AttachmentService } from './attachment.service.ts';
import { UserGroupService } from './user-group.service.ts';
import { MetadataService } from './metadata.service.ts';
import { ModelRunService } from './model/model-run.service.ts';
import { MeaPredictionImportService } from './model/mea-prediction-import.service.ts';
import { MeaToMalImportService } from './model/mea-to-mal-import.service.ts';
import { ModelRunMetricsService } from './model/model-run.metrics.ts';
import { ModelService } from './model/model.service.ts';
import { OntologyService } from './ontology.service.ts';
import { ProjectInstructionsTextService } from './project-instructions-text.service.ts';
import { ProjectService } from './project.service.ts';
import { InstructionsService } from './quality/instructions.service.ts';
import { LabelReviewService } from './quality/label-review.service.ts';
import { QualityService } from './quality/quality.service.ts';
import { QueueService } from './queue/queue.service.ts';
import { ReviewService } from './queue/review.service.ts';
import { SubmitService } from './queue/submit.service.ts';
import { WorkflowService } from './queue/workflow.service.ts';
import { SliceService } from './slice.service.ts';
import { TaskService } from './task.service.ts';
import { WebSessionService } from './web-session.service.ts';
import { WebhookService } from './webhook.service.ts';
import { LabelStudioFileUploadService } from './label-studio/file-upload.service.ts';
import { LabelStudioViewService } from './label-studio/view.service.ts';
import { ImageProbe } from './label-studio/image-probe.ts';
import { LabelStudioActionService } from './label-studio/action.service.ts';
import { LabelStudioJwtSettingsService } from './label-studio/jwt-settings.service.ts';
import { LabelStudioBulkAnnotationService } from './label-studio/annotation-bulk.service.ts';
import { LabelStudioAnnotationService } from './label-studio/annotation.service.ts';
import { LabelStudioProjectService } from './label-studio/project.service.ts';
import { LabelStudioTaskService } from './label-studio/task.service.ts';
import { LabelStudioTokenService } from './label-studio/token.service.ts';
import { LabelStudioS3StorageService } from './label-studio/storage/s3-storage.service.ts';
import { LabelStudioS3SyncRunner } from './label-studio/storage/s3-sync.ts';

/** What services are built from; `main.ts` and the test harness make one. */
export type ServiceDeps = {
  db: Db;
  dialect: Dialect;
  config: Config;
  logger: Logger;
  jobs: JobQueue;
  blobs: BlobStore;
  signer: UrlSigner;
};

export function createServices(deps: ServiceDeps) {
  const core = createCoreServices(deps);
  return { ...core, labelStudio: createLabelStudioServices(deps, core) };
}

/** The Label Studio face's services: integer ids, configs, tokens; everything else goes through the core ones. */
function createLabelStudioServices(deps: ServiceDeps, core: ReturnType<typeof createCoreServices>) {
  const projects = new LabelStudioProjectService(deps.db, deps.dialect, core.projects, core.ontologies);
  const probe = new ImageProbe(deps.blobs, { allowPrivate: deps.config.allowPrivateUrls });
  const tasks = new LabelStudioTaskService(
    deps.db,
    deps.dialect,
    projects,
    core.datasets,
    core.dataRows,
    core.labels,
    deps.blobs,
    probe,
  );
  const annotations = new LabelStudioAnnotationService(deps.db, deps.dialect, tasks, core.labels, probe);
  const jwtSettings = new LabelStudioJwtSettingsService(deps.db, deps.config.authCacheSeconds * 1000);
  const actions = new LabelStudioActionService(deps.db, deps.dialect, tasks, core.dataRows, core.labels);
  const s3Storages = new LabelStudioS3StorageService(
    deps.db,
    projects,
    deps.jobs,
    deps.signer.deriveKey('ls-storage-secrets'),
    { allowPrivate: deps.config.allowPrivateUrls },
  );
  return {
    tokens: new LabelStudioTokenService(
      deps.db,
      deps.signer.deriveKey('label-studio-jwt'),
      core.identity,
      jwtSettings,
    ),
    jwtSettings,
    projects,
    tasks,
    annotations,
    actions,
    bulkAnnotations: new LabelStudioBulkAnnotationService(
      deps.db,
      deps.dialect,
      tasks,
      annotations,
      actions,
      core.labels,
    ),
    views: new LabelStudioViewService(deps.db, projects),
    fileUploads: new LabelStudioFileUploadService(deps.db, projects, tasks, deps.blobs),
    s3Storages,
    s3Sync: new LabelStudioS3SyncRunner(deps.db, s3Storages, tasks),
  };
}

function createCoreServices(deps: ServiceDeps) {
  const models = new ModelService(deps);
  const modelRuns = new ModelRunService(deps, models);
  const ontologies = new OntologyService(deps.db, deps.dialect);
  const identityEvents = new IdentityEvents();
  const identity = new IdentityService(deps.db, {
    authCacheMs: deps.config.authCacheSeconds * 1000,
    events: identityEvents,
    dialect: deps.dialect,
  });
  const embeddings = new EmbeddingService(deps);
  const exports = new ExportService(deps);
  const dataRows = new DataRowService(deps);
  const access = new AccessService(deps.db);
  const queue = new QueueService(deps, access);
  const projects = new ProjectService(deps.db, deps.dialect);
  const labels = new LabelService(deps);
  return {
    /** Subscribe here to drop cached identities when a key is revoked or a user's rights change. */
    identityEvents,
    identity,
    apiKeys: new ApiKeyService(deps.db, identity),
    access,
    resourceTags: new ResourceTagService(deps.db, access),
    labelingService: new LabelingServiceService(projects),
    queue,
    queueSubmissions: new SubmitService(deps, queue),
    reviews: new ReviewService(deps, queue),
    workflow: new WorkflowService(deps, access),
    projectFlags: new ProjectFlagsService(deps.db, access),
    projectClone: new ProjectCloneService(deps, projects, access),
    labelFeedback: new LabelFeedbackService(deps.db, labels, access),
    members: new MemberService(deps.db, identityEvents),
    userGroups: new UserGroupService(deps.db),
    tasks: new TaskService(deps),
    datasets: new DatasetService(deps),
    dataRows,
    attachments: new AttachmentService(deps.db, dataRows),
    dataRowImports: new DataRowImportService(deps),
    dataRowMetadata: new DataRowMetadataService(deps),
    metadata: new MetadataService(deps),
    globalKeys: new GlobalKeyService(deps),
    featureSchemas: new FeatureSchemaService(deps.db, deps.dialect),
    ontologies,
    projects,
    projectInstructionsText: new ProjectInstructionsTextService(deps.db),
    labelingFrontends: new LabelingFrontendService(deps.db),
    batches: new BatchService(deps.db, deps.dialect, labels),
    batchJobs: new BatchAsyncService(deps.db, deps.jobs),
    exports,
    masks: new MaskService(deps),
    formatExports: new FormatExportService(deps),
    labels,
    quality: new QualityService(deps),
    instructions: new InstructionsService(deps),
    labelReviews: new LabelReviewService(deps),
    annotationImports: new AnnotationImportService(deps),
    meaPredictionImports: new MeaPredictionImportService(deps),
    meaToMalImports: new MeaToMalImportService(deps, modelRuns, ontologies),
    webhooks: new WebhookService(deps),
    models,
    embeddings,
    slices: new SliceService(deps, embeddings, exports, modelRuns),
    modelRuns,
    modelRunMetrics: new ModelRunMetricsService(deps, modelRuns),
    sendToAnnotate: new SendToAnnotateService(deps, modelRuns, ontologies),
    webSessions: new WebSessionService(deps.db),
  };
}

export type Services = ReturnType<typeof createServices>;
