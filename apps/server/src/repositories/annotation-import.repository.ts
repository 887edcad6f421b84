import type { AnnotationImportTable, Db, Dialect, PrelabelTable } from '../db/database.ts';
import { bulkInsert, chunks } from './bulk-insert.ts';

/** An import with the status of its job (a job that died for good leaves the import RUNNING otherwise). */
export type AnnotationImportRow = AnnotationImportTable & { job_status: string | null };
export type AnnotationImportPatch = Partial<
  Pick<AnnotationImportTable, 'state' | 'progress' | 'status_key' | 'error_key' | 'job_id' | 'input_key'>
> & { updated_at: string };
export type PrelabelRow = PrelabelTable;

const PRELABEL_COLUMNS = [
  'id',
  'organization_id',
  'project_id',
  'data_row_id',
  'import_id',
  'content',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PrelabelRow)[];
const IN_CHUNK = 1_000;

/** Annotation imports (ground truth and MAL) and the pre-labels MAL imports write. */
export class AnnotationImportRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  with(trx: Db): AnnotationImportRepository {
    return new AnnotationImportRepository(trx, this.dialect);
  }

  private select() {
    return this.db
      .selectFrom('annotation_imports as i')
      .leftJoin('jobs', 'jobs.id', 'i.job_id')
      .selectAll('i')
      .select('jobs.status as job_status');
  }

  find(organizationId: string, id: string): Promise<AnnotationImportRow | undefined> {
    return this.select()
      .where('i.organization_id', '=', organizationId)
      .where('i.id', '=', id)
      .executeTakeFirst();
  }

  /** A project's imports of both kinds, newest first (the web app's import list). */
  listForProject(organizationId: string, projectId: string, limit: number): Promise<AnnotationImportRow[]> {
    return this.select()
      .where('i.organization_id', '=', organizationId)
      .where('i.project_id', '=', projectId)
      .orderBy('i.id', 'desc')
      .limit(limit)
      .execute();
  }

  findByName(
    organizationId: string,
    projectId: string,
    kind: string,
    name: string,
  ): Promise<AnnotationImportRow | undefined> {
    return this.select()
      .where('i.organization_id', '=', organizationId)
      .where('i.project_id', '=', projectId)
      .where('i.kind', '=', kind)
      .where('i.name', '=', name)
      .executeTakeFirst();
  }

  /** Inserts unless (project, kind, name) exists; returns whether this call inserted it. */
  async insert(row: AnnotationImportTable): Promise<boolean> {
    const result = await this.db
      .insertInto('annotation_imports')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'kind', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return result !== undefined;
  }

  async update(id: string, patch: AnnotationImportPatch): Promise<void> {
    await this.db.updateTable('annotation_imports').set(patch).where('id', '=', id).execute();
  }

  async prelabelsByImport(importId: string, dataRowIds: readonly string[]): Promise<PrelabelRow[]> {
    const out: PrelabelRow[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('prelabels')
          .selectAll()
          .where('import_id', '=', importId)
          .where('data_row_id', 'in', part)
          .execute()),
      );
    }
    return out;
  }

  async insertPrelabels(rows: readonly PrelabelRow[]): Promise<void> {
    if (rows.length === 0) return;
    await bulkInsert(
      this.db,
      this.dialect,
      'prelabels',
      PRELABEL_COLUMNS,
      rows.flatMap((r) => PRELABEL_COLUMNS.map((c) => r[c])),
    );
  }

  async updatePrelabel(id: string, content: string, now: string): Promise<void> {
    await this.db.updateTable('prelabels').set({ content, updated_at: now }).where('id', '=', id).execute();
  }

  async deletePrelabelsOfImport(importId: string): Promise<void> {
    await this.db.deleteFrom('prelabels').where('import_id', '=', importId).execute();
  }

  /** A project's pre-labels for one data row, newest import first (what the editor starts from). */
  prelabelsFor(projectId: string, dataRowId: string): Promise<PrelabelRow[]> {
    return this.db
      .selectFrom('prelabels')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .orderBy('id', 'desc')
      .execute();
  }
}
