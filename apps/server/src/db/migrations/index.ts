import type { Migration } from 'kysely';
import * as core from './2026-11-23T0001-core.ts';
import * as catalog from './2026-11-23T0002-catalog.ts';
import * as ontologiesProjects from './2026-11-23T0003-ontologies-projects.ts';
import * as projectFrontends from './2026-11-23T0004-project-frontends.ts';
import * as catalogImports from './2026-11-23T0010-catalog-imports.ts';
import * as ontologyLifecycle from './2026-11-23T0011-ontology-lifecycle.ts';
import * as labels from './2026-11-23T0020-labels.ts';
import * as exportStreams from './2026-11-23T0030-export-streams.ts';
import * as labelFeatures from './2026-11-23T0031-label-features.ts';
import * as members from './2026-12-05T0201-members.ts';
import * as labelStudio from './2026-12-05T0301-label-studio.ts';
import * as models from './2026-12-05T0501-models.ts';
import * as embeddings from './2026-12-05T0502-embeddings.ts';
import * as slices from './2026-12-05T0503-slices.ts';
import * as webSessions from './2026-12-05T0701-web-sessions.ts';
import * as queue from './2026-12-05T11-queue.ts';
import * as quality from './2026-12-05T12-quality.ts';
import * as projectInstructionsText from './2026-12-05T13-project-instructions-text.ts';
import * as userGroups from './2026-12-05T1501-user-groups.ts';
import * as resourceTags from './2026-12-05T1502-resource-tags.ts';
import * as projectFlagsFeedback from './2026-12-05T1503-project-flags-feedback.ts';
import * as meaPredictions from './2026-12-05T16-mea-predictions.ts';
import * as ontologyRequestHash from './2026-12-05T2401-ontology-request-hash.ts';
import * as modelRunMetricsVersion from './2026-12-05T2501-model-run-metrics-version.ts';
import * as projectSetupComplete from './2026-12-05T2601-project-setup-complete.ts';
import * as dataRowsDatasetCheck from './2026-12-06T1201-data-rows-dataset-check.ts';
import * as labelRenders from './2026-12-06T1301-label-renders.ts';
import * as importOutcomesLz4 from './2026-12-07T0201-import-outcomes-lz4.ts';
import * as dataRowKeyCollation from './2026-12-08T0101-data-row-key-collation.ts';
import * as dataRowsExternalIdIndex from './2026-12-08T0102-data-rows-external-id-index.ts';
import * as labelsProjectCountsIndex from './2026-12-09T0101-labels-project-counts-index.ts';
import * as lsFileUploads from './2026-12-10T0101-ls-file-uploads.ts';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001-core': core,
  '2026-11-23T0002-catalog': catalog,
  '2026-11-23T0003-ontologies-projects': ontologiesProjects,
  '2026-11-23T0004-project-frontends': projectFrontends,
  '2026-11-23T0010-catalog-imports': catalogImports,
  '2026-11-23T0011-ontology-lifecycle': ontologyLifecycle,
  '2026-11-23T0020-labels': labels,
  '2026-11-23T0030-export-streams': exportStreams,
  '2026-11-23T0031-label-features': labelFeatures,
  '2026-12-05T0201-members': members,
  '2026-12-05T0301-label-studio': labelStudio,
  '2026-12-05T0501-models': models,
  '2026-12-05T0502-embeddings': embeddings,
  '2026-12-05T0503-slices': slices,
  '2026-12-05T0701-web-sessions': webSessions,
  '2026-12-05T11-queue': queue,
  '2026-12-05T12-quality': quality,
  '2026-12-05T13-project-instructions-text': projectInstructionsText,
  '2026-12-05T1501-user-groups': userGroups,
  '2026-12-05T1502-resource-tags': resourceTags,
  '2026-12-05T1503-project-flags-feedback': projectFlagsFeedback,
  '2026-12-05T16-mea-predictions': meaPredictions,
  '2026-12-05T2401-ontology-request-hash': ontologyRequestHash,
  '2026-12-05T2501-model-run-metrics-version': modelRunMetricsVersion,
  '2026-12-05T2601-project-setup-complete': projectSetupComplete,
  '2026-12-06T1201-data-rows-dataset-check': dataRowsDatasetCheck,
  '2026-12-06T1301-label-renders': labelRenders,
  '2026-12-07T0201-import-outcomes-lz4': importOutcomesLz4,
  '2026-12-08T0101-data-row-key-collation': dataRowKeyCollation,
  '2026-12-08T0102-data-rows-external-id-index': dataRowsExternalIdIndex,
  '2026-12-09T0101-labels-project-counts-index': labelsProjectCountsIndex,
  '2026-12-10T0101-ls-file-uploads': lsFileUploads,
};
