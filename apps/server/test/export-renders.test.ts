import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabelDocument } from '@labelyard/schema';
import { LabelRepository } from '../src/repositories/label.repository.ts';
import { V2_RENDER_VERSION } from '../src/services/export-v2.render.ts';
import { startTestServer, type TestServer } from './harness.ts';
import {
  imageDocument,
  insertLabel,
  seedExportProject,
  storeMask,
  textDocument,
  type ExportProject,
} from './export.factory.ts';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';

/**
 * Stored export v2 renders (label_renders): an export splices a label's stored `annotations` instead of converting
 * its content, so every way a label changes must reach the next export, and nothing signed may be stored.
 */
describe('export v2 with stored label renders', () => {
  let sut: TestServer;
  let project: ExportProject;
  let maskKey: string;

  before(async () => {
    sut = await startTestServer();
    project = await seedExportProject(sut, { images: 4, texts: 1, name: 'renders' });
    maskKey = await storeMask(sut);
  });
  after(async () => sut.close());

  /** Image document without its mask (a portable render). */
  const plainDocument = (): LabelDocument => {
    const doc = imageDocument(project.ontology, maskKey);
    return { ...doc, objects: doc.objects.filter((o) => o.kind !== 'mask') };
  };
  const exportAll = async () => {
    const taskId = await startProjectExport(sut, project.projectId, [], exportParams(true));
    return (await readExportStream(sut, taskId))!;
  };
  const labelOf = (rows: any[], dataRowId: string) =>
    rows.find((r) => r.data_row.id === dataRowId).projects[project.projectId].labels[0];
  const renderOf = (labelId: string) =>
    sut.db.selectFrom('label_renders').selectAll().where('label_id', '=', labelId).executeTakeFirst();
  const boxTop = (doc: LabelDocument, top: number): LabelDocument => ({
    ...doc,
    objects: doc.objects.map((o) => (o.kind === 'bbox' ? { ...o, bbox: { ...o.bbox, top } } : o)),
  });

  it('stores the renders of labels an export converted and writes the same bytes from them', async () => {
    const plain = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[0]!.id,
      doc: plainDocument(),
    });
    const masked = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[1]!.id,
      doc: imageDocument(project.ontology, maskKey),
    });
    const text = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.texts[0]!.id,
      doc: textDocument(project.ontology),
    });
    assert.equal(await renderOf(plain), undefined, 'a raw insert stores no render');

    const first = await exportAll();
    const stored = await renderOf(plain);
    assert.ok(stored, 'the export stored the render it made');
    assert.equal(stored.version, V2_RENDER_VERSION);
    assert.equal(stored.media_type, 'IMAGE');
    assert.deepEqual(JSON.parse(stored.annotations), labelOf(first.rows, project.images[0]!.id).annotations);
    // Signed mask URLs and text tokens are made per export: never stored.
    assert.equal(await renderOf(masked), undefined);
    assert.equal(await renderOf(text), undefined);

    // The same bytes from stored renders, but for the mask URLs' signatures (made afresh, so their expiry moves on).
    const unsigned = (bytes: Buffer) => bytes.toString('utf8').replace(/expires=\d+&sig=[\w-]+/g, 'signed');
    const second = await exportAll();
    assert.match(unsigned(first.bytes), /signed/);
    assert.equal(unsigned(second.bytes), unsigned(first.bytes));
  });

  it('signs mask URLs at every export', async () => {
    const masked = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[2]!.id,
      doc: imageDocument(project.ontology, maskKey),
    });
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { rows } = await exportAll();
      const mask = labelOf(rows, project.images[2]!.id).annotations.objects.find(
        (o: any) => o.annotation_kind === 'ImageSegmentationMask',
      );
      urls.push(mask.composite_mask.url);
      assert.equal((await fetch(mask.composite_mask.url)).headers.get('content-type'), 'image/png');
    }
    assert.equal(await renderOf(masked), undefined);
    const stored = await sut.db.selectFrom('label_renders').select('annotations').execute();
    assert.ok(stored.length > 0);
    for (const r of stored) assert.doesNotMatch(r.annotations, /sig=|\/masks\//);
  });

  it('exports the new content of a label edited after it was rendered, whichever way it was written', async () => {
    const id = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[3]!.id,
      doc: boxTop(plainDocument(), 1),
    });
    const top = async () =>
      labelOf((await exportAll()).rows, project.images[3]!.id).annotations.objects[0].bounding_box.top;
    assert.equal(await top(), 1);
    assert.ok(await renderOf(id));

    // Through the label repository (imports, Label Studio edits): the new render is stored with the content.
    const now = new Date(Date.now() + 1_000).toISOString();
    await new LabelRepository(sut.db, sut.ctx.database.dialect).updateContent(
      id,
      JSON.stringify(boxTop(plainDocument(), 2)),
      now,
    );
    assert.equal((await renderOf(id))?.label_updated_at, now);
    assert.equal(await top(), 2);

    // A raw content write that keeps `updated_at`: the database drops the render.
    await sut.db
      .updateTable('labels')
      .set({ content: JSON.stringify(boxTop(plainDocument(), 3)) })
      .where('id', '=', id)
      .execute();
    assert.equal(await renderOf(id), undefined);
    assert.equal(await top(), 3);

    // A render made from older content (a write that raced the render) is not used: the label moved on.
    await sut.db
      .updateTable('label_renders')
      .set({
        annotations: JSON.stringify({ objects: [], classifications: [], relationships: [] }),
        label_updated_at: '2000-01-01T00:00:00.000Z',
      })
      .where('label_id', '=', id)
      .execute();
    assert.equal(await top(), 3);
  });

  it('ignores renders of another renderer version or another media type, and drops them with their label', async () => {
    const id = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[0]!.id,
      doc: boxTop(plainDocument(), 7),
      createdAt: '2030-01-01T00:00:00.000Z',
    });
    const current = async () => {
      const { rows } = await exportAll();
      const labels = rows.find((r) => r.data_row.id === project.images[0]!.id).projects[project.projectId]
        .labels;
      return labels.find((l: any) => l.id === id);
    };
    assert.equal((await current()).annotations.objects[0].bounding_box.top, 7);
    const bogus = JSON.stringify({ objects: [], classifications: [], relationships: [] });
    await sut.db
      .updateTable('label_renders')
      .set({ annotations: bogus, version: V2_RENDER_VERSION - 1 })
      .where('label_id', '=', id)
      .execute();
    assert.equal((await current()).annotations.objects[0].bounding_box.top, 7);
    await sut.db
      .updateTable('label_renders')
      .set({ annotations: bogus, media_type: 'VIDEO' })
      .where('label_id', '=', id)
      .execute();
    assert.equal((await current()).annotations.objects[0].bounding_box.top, 7);

    await new LabelRepository(sut.db, sut.ctx.database.dialect).delete([id]);
    assert.equal(await renderOf(id), undefined);
  });

  it('stores renders when labels are written through the label repository', async () => {
    const id = await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[1]!.id,
      doc: plainDocument(),
    });
    const row = await sut.db.selectFrom('labels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await new LabelRepository(sut.db, sut.ctx.database.dialect).delete([id]);
    await new LabelRepository(sut.db, sut.ctx.database.dialect).insert([row]);
    const stored = await renderOf(id);
    assert.ok(stored);
    assert.equal(stored.label_updated_at, row.updated_at);
    const { rows } = await exportAll();
    const label = rows
      .find((r) => r.data_row.id === project.images[1]!.id)
      .projects[project.projectId].labels.find((l: any) => l.id === id);
    assert.deepEqual(label.annotations, JSON.parse(stored.annotations));
  });
});
