import { featureResolver, type FeatureResolver, type LabelDocument } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { LruMap } from '../../cache/lru-map.ts';
import { AppError } from '../../errors.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import { ProjectRepository, type ProjectRow } from '../../repositories/project.repository.ts';
import type { ReservationRow } from '../../repositories/queue.repository.ts';
import { MaskStore } from '../annotation-import.masks.ts';
import type { ServiceDeps } from '../index.ts';
import { serializeLabel } from '../label.content.ts';
import { OntologyService } from '../ontology.service.ts';
import { parseSubmission } from './annotations.ts';
import { rowMoved } from './reservations.ts';

/**
 * The annotations a reservation's holder sends (a labeler's submission, a reviewer's corrections) checked like an
 * import against the row and the project's ontology, masks stored: the label document, its stored content and the
 * row's media type.
 * `project` is the reservation's project when the caller read it already.
 */
export async function checkedLabelContent(
  deps: ServiceDeps,
  actor: Actor,
  reservation: ReservationRow,
  annotations: readonly unknown[],
  project?: ProjectRow,
): Promise<{ doc: LabelDocument; content: string; mediaType: string | null }> {
  const [dataRow] = await new DataRowRepository(deps.db, deps.dialect).findByIds(actor.organizationId, [
    reservation.data_row_id,
  ]);
  if (!dataRow) throw rowMoved(reservation.id, 'another dataset');
  const doc = await parseSubmission(annotations, {
    dataRow,
    features: await projectFeatures(
      deps,
      actor,
      project ?? (await new ProjectRepository(deps.db).find(actor.organizationId, reservation.project_id)),
      reservation.project_id,
    ),
    masks: new MaskStore(
      deps.blobs,
      deps.signer,
      actor.organizationId,
      { allowPrivate: deps.config.allowPrivateUrls },
      deps.config.maskMaxPixels,
    ),
  });
  return { doc, content: serializeLabel(doc), mediaType: dataRow.media_type };
}

/**
 * Ontology lookups by ontology id, kept while the ontology's `updated_at` is unchanged: every change to an ontology
 * or to a feature schema it shares touches it (ontology.repository `touch`), so one indexed read of that column per
 * submission stands for reading and indexing the whole ontology again.
 */
const resolvers = new LruMap<
  string,
  { organizationId: string; updatedAt: string; resolver: FeatureResolver }
>(200);

async function projectFeatures(
  deps: ServiceDeps,
  actor: Actor,
  project: ProjectRow | undefined,
  projectId: string,
): Promise<FeatureResolver> {
  if (!project?.ontology_id)
    throw new AppError('OPERATION_NOT_ALLOWED', `Project ${projectId} has no ontology to label with`);
  const ontologyId = project.ontology_id;
  const version = await deps.db
    .selectFrom('ontologies')
    .select('updated_at')
    .where('id', '=', ontologyId)
    .where('organization_id', '=', actor.organizationId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  const cached = resolvers.get(ontologyId);
  if (
    version &&
    cached &&
    cached.updatedAt === version.updated_at &&
    cached.organizationId === actor.organizationId
  )
    return cached.resolver;
  // Missing or deleted: the service answers the usual not-found error.
  const resolver = featureResolver(await new OntologyService(deps.db, deps.dialect).index(actor, ontologyId));
  if (version)
    resolvers.set(ontologyId, {
      organizationId: actor.organizationId,
      updatedAt: version.updated_at,
      resolver,
    });
  return resolver;
}
