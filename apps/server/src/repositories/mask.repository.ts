import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export type MaskLabelRecord = { label_id: string; content: string; uuid: string | null };

/** Finds the label holding a feature (annotation) for `GET /masks/feature/:id`, within one organization. */
export class MaskRepository {
  constructor(private readonly db: Db) {}

  /**
   * By annotation index: the feature id is the annotation's uuid (what exports show as `featureId`) or its index
   * row id. A uuid used by several labels resolves to the newest label.
   */
  byFeature(organizationId: string, featureId: string): Promise<MaskLabelRecord | undefined> {
    return this.db
      .selectFrom('annotations as a')
      .innerJoin('labels as l', 'l.id', 'a.label_id')
      .select(['l.id as label_id', 'l.content', 'a.uuid'])
      .where('a.organization_id', '=', organizationId)
      .where((eb) => eb.or([eb('a.uuid', '=', featureId), eb('a.id', '=', featureId)]))
      .orderBy(sql`case when a.uuid = ${featureId} then 0 else 1 end`)
      .orderBy('l.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** A label by id (signed mask URLs name their label, so no index lookup is needed). */
  label(organizationId: string, labelId: string): Promise<MaskLabelRecord | undefined> {
    return this.db
      .selectFrom('labels')
      .select(['id as label_id', 'content', sql<null>`null`.as('uuid')])
      .where('organization_id', '=', organizationId)
      .where('id', '=', labelId)
      .executeTakeFirst();
  }
}
