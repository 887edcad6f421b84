import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { knownExtension } from '../storage/content-types.ts';
import { nowIso } from '../time.ts';
import type { AccessService } from './access.service.ts';
import type { ProjectService } from './project.service.ts';

const MAX_NAME = 255;

/**
 * `project.clone()` (`cloneProject`): a new project with the source's settings — media type, editor, quality modes
 * and audit settings, ontology and editor, MAL switch, instructions (the file copied, so each project owns its
 * own), resource tags and project-based members' roles. Batches, data rows, labels and reviews stay with the
 * source, as in Labelbox. Named "Copy of <name>".
 */
export class ProjectCloneService {
  constructor(
    private readonly deps: { db: Db; blobs: BlobStore },
    private readonly projects: ProjectService,
    private readonly access: AccessService,
  ) {}

  async clone(actor: Actor, sourceId: string): Promise<string> {
    const source = await this.projects.get(actor, sourceId);
    this.access.require(actor, 'manage', 'clone projects');
    const { db } = this.deps;
    const id = newId();
    const now = nowIso();
    const instructionsFile = await db
      .selectFrom('project_instructions')
      .selectAll()
      .where('project_id', '=', source.id)
      .executeTakeFirst();
    let copiedKey: string | undefined;
    if (instructionsFile) {
      copiedKey = `${actor.organizationId}/instructions/${newId()}${knownExtension(instructionsFile.blob_key)}`;
      await this.deps.blobs.put(copiedKey, await this.deps.blobs.readBuffer(instructionsFile.blob_key));
    }
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('projects')
          .values({
            ...source,
            id,
            name: `Copy of ${source.name}`.slice(0, MAX_NAME),
            setup_complete: null,
            last_activity_time: now,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
            deleted: 0,
          })
          .execute();
        type Copied =
          'project_flags' | 'project_resource_tags' | 'project_members' | 'project_instructions_text';
        const copy = async (
          table: Copied,
          rewrite: (row: Record<string, unknown>) => Record<string, unknown>,
        ) => {
          // The tables differ in columns but all key on project_id: read and write them untyped.
          const { rows } = await sql<
            Record<string, unknown>
          >`select * from ${sql.table(table)} where project_id = ${source.id}`.execute(trx);
          if (rows.length > 0)
            await trx
              .insertInto(table)
              .values(rows.map(rewrite) as never)
              .execute();
        };
        await copy('project_flags', (r) => ({ ...r, project_id: id }));
        await copy('project_resource_tags', (r) => ({ ...r, project_id: id }));
        await copy('project_members', (r) => ({ ...r, project_id: id, created_at: now, updated_at: now }));
        await copy('project_instructions_text', (r) => ({
          ...r,
          project_id: id,
          updated_by: actor.userId,
          updated_at: now,
        }));
        if (instructionsFile && copiedKey)
          await trx
            .insertInto('project_instructions')
            .values({
              ...instructionsFile,
              project_id: id,
              blob_key: copiedKey,
              updated_by: actor.userId,
              updated_at: now,
            })
            .execute();
      });
    } catch (error) {
      if (copiedKey) await this.deps.blobs.delete(copiedKey).catch(() => undefined);
      throw error;
    }
    return id;
  }
}
