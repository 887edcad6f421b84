import type { Db } from '../db/database.ts';
import type { LabelRenderTable } from '../db/tables/label.ts';
import { portableRender, V2_RENDER_VERSION } from '../services/export-v2.render.ts';
import { chunks } from './bulk-insert.ts';

const IN_CHUNK = 5_000;
/** Rows per insert statement (5 parameters each, under SQLite's and PostgreSQL's limits). */
const INSERT_ROWS = 1_000;

export type LabelRender = Omit<LabelRenderTable, 'version'>;

/** What a render is made from: a label's content as of its `updated_at`. */
export type RenderSource = { id: string; data_row_id: string; content: string; updated_at: string };

/**
 * Stored export v2 renders of labels (`label_renders`, see its migration): written when labels are written and by
 * exports that had to render a label, read by exports. The database drops a label's render when its content changes.
 */
export class LabelRenderRepository {
  constructor(private readonly db: Db) {}

  /**
   * Renders and stores these labels (written just now); labels whose annotations depend on the export are skipped.
   * `known`: the media types of their data rows, when the caller read the rows already (else they are read here).
   */
  async renderAndStore(
    labels: readonly RenderSource[],
    known?: ReadonlyMap<string, string | null>,
  ): Promise<void> {
    if (labels.length === 0) return;
    const mediaTypes = new Map<string, string | null>();
    const unknown = new Set<string>();
    for (const l of labels)
      if (known?.has(l.data_row_id)) mediaTypes.set(l.data_row_id, known.get(l.data_row_id)!);
      else unknown.add(l.data_row_id);
    for (const part of chunks([...unknown], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('data_rows')
        .select(['id', 'media_type'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) mediaTypes.set(r.id, r.media_type);
    }
    const renders: LabelRender[] = [];
    for (const l of labels) {
      if (!mediaTypes.has(l.data_row_id)) continue;
      const mediaType = mediaTypes.get(l.data_row_id) ?? null;
      const annotations = portableRender(l.content, mediaType);
      if (annotations !== undefined)
        renders.push({ label_id: l.id, media_type: mediaType, label_updated_at: l.updated_at, annotations });
    }
    await this.store(renders);
  }

  /** Writes renders, replacing any stored for the same labels. */
  async store(renders: readonly LabelRender[]): Promise<void> {
    for (const part of chunks(renders, INSERT_ROWS)) {
      await this.db
        .insertInto('label_renders')
        .values(part.map((r) => ({ ...r, version: V2_RENDER_VERSION })))
        .onConflict((oc) =>
          oc.column('label_id').doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            media_type: eb.ref('excluded.media_type'),
            label_updated_at: eb.ref('excluded.label_updated_at'),
            annotations: eb.ref('excluded.annotations'),
          })),
        )
        .execute();
    }
  }
}
