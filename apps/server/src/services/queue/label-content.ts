import { featureResolver, type FeatureResolver, type LabelDocument } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import type { ReservationRow } from '../../repositories/queue.repository.ts';
import { MaskStore } from '../annotation-import.masks.ts';
import type { ServiceDeps } from '../index.ts';
import { serializeLabel } from '../label.content.ts';
import { OntologyService } from '../ontology.service.ts';
import { parseSubmission } from './annotations.ts';
import { rowMoved } from './reservations.ts';

/**
 * The annotations a reservation's holder sends (a labeler's submission, a reviewer's corrections) checked like an
 * import against the row and the project's ontology, masks stored: the label document and its stored content.
 */
export async function checkedLabelContent(
  deps: ServiceDeps,
  actor: Actor,
  reservation: ReservationRow,
  annotations: readonly unknown[],
): Promise<{ doc: LabelDocument; content: string }> {
  const [dataRow] = await new DataRowRepository(deps.db, deps.dialect).findByIds(actor.organizationId, [
    reservation.data_row_id,
  ]);
  if (!dataRow) throw rowMoved(reservation.id, 'another dataset');
  const doc = await parseSubmission(annotations, {
    dataRow,
    features: await projectFeatures(deps, actor, reservation.project_id),
    masks: new MaskStore(
      deps.blobs,
      deps.signer,
      actor.organizationId,
      { allowPrivate: deps.config.allowPrivateUrls },
      deps.config.maskMaxPixels,
    ),
  });
  return { doc, content: serializeLabel(doc) };
}

async function projectFeatures(deps: ServiceDeps, actor: Actor, projectId: string): Promise<FeatureResolver> {
  const project = await new ProjectRepository(deps.db).find(actor.organizationId, projectId);
  if (!project?.ontology_id)
    throw new AppError('OPERATION_NOT_ALLOWED', `Project ${projectId} has no ontology to label with`);
  return featureResolver(await new OntologyService(deps.db, deps.dialect).index(actor, project.ontology_id));
}
