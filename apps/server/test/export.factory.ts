import { randomUUID } from 'node:crypto';
import { createMask, maskToPng, type LabelDocument } from '@labelyard/schema';
import type { Actor } from '../src/auth/actor.ts';
import type { Db } from '../src/db/database.ts';
import { WorkflowRepository } from '../src/repositories/workflow.repository.ts';
import { newId } from '../src/ids.ts';
import type { OntologyRecord } from '../src/services/ontology.service.ts';
import type { Services } from '../src/services/index.ts';
import type { BlobStore } from '../src/storage/blob-store.ts';
import { nowIso } from '../src/time.ts';

/** What export tests need of a server or service fixture. */
export type Fixture = { db: Db; actor: Actor; services: Services; ctx: { blobs: BlobStore } };

export const IMAGE = { width: 8, height: 6 };
export const TEXT = 'Michael Jordan played in Chicago.';

/** The ontology of export tests: every tool kind, nested classifications, three global classifications. */
export const exportOntology = {
  tools: [
    {
      tool: 'rectangle',
      name: 'box',
      color: '#ff0000',
      classifications: [
        {
          type: 'radio',
          name: 'occluded',
          options: [
            { label: 'yes', value: 'yes', options: [{ type: 'text', name: 'why', options: [] }] },
            { label: 'no', value: 'no', options: [] },
          ],
        },
      ],
    },
    { tool: 'polygon', name: 'poly', color: '#00ff00', classifications: [] },
    { tool: 'point', name: 'pt', classifications: [] },
    { tool: 'line', name: 'ln', classifications: [] },
    { tool: 'raster-segmentation', name: 'seg', classifications: [] },
    { tool: 'named-entity', name: 'ner', classifications: [] },
    { tool: 'edge', name: 'rel', classifications: [] },
  ],
  classifications: [
    {
      type: 'radio',
      name: 'q',
      options: [
        {
          label: 'Yes',
          value: 'yes',
          options: [{ type: 'checklist', name: 'sub', options: [{ label: 'x', value: 'x' }] }],
        },
        { label: 'No', value: 'no' },
      ],
    },
    {
      type: 'checklist',
      name: 'c',
      options: [
        { label: 'first', value: 'first' },
        { label: 'second', value: 'second' },
      ],
    },
    { type: 'text', name: 'free_text', options: [] },
  ],
};

export type ExportProject = {
  projectId: string;
  datasetId: string;
  batchId: string;
  ontology: OntologyRecord;
  images: Array<{ id: string; globalKey: string }>;
  texts: Array<{ id: string; globalKey: string }>;
};

/** Project + ontology through the services; dataset, rows (with media attributes) and the batch straight in the tables. */
export async function seedExportProject(
  f: Fixture,
  options: { images?: number; texts?: number; name?: string } = {},
): Promise<ExportProject> {
  const { db, actor, services } = f;
  const ontology = await services.ontologies.create(actor, {
    name: `o-${newId()}`,
    normalized: JSON.stringify(exportOntology),
    mediaType: 'IMAGE',
  });
  const project = await services.projects.create(actor, {
    name: options.name ?? `export project ${newId()}`,
    allowedMediaType: 'IMAGE',
  });
  await services.ontologies.connectOntology(actor, project.id, ontology.id);
  const now = nowIso();
  const datasetId = newId();
  await db
    .insertInto('datasets')
    .values({
      id: datasetId,
      organization_id: actor.organizationId,
      name: `ds ${datasetId}`,
      description: '',
      row_count: 0,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      deleted: 0,
    })
    .execute();
  const row = (i: number, text: boolean) => ({
    id: newId(),
    organization_id: actor.organizationId,
    dataset_id: datasetId,
    row_data: text ? TEXT : `https://example.com/images/img-${i}.png`,
    external_id: text ? null : `img-${i}.png`,
    global_key: `gk-${newId()}`,
    media_type: text ? 'TEXT' : 'IMAGE',
    media_attributes: text ? null : JSON.stringify({ ...IMAGE, mimeType: 'image/png' }),
    metadata: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  });
  const images = Array.from({ length: options.images ?? 2 }, (_, i) => row(i, false));
  const texts = Array.from({ length: options.texts ?? 1 }, (_, i) => row(i, true));
  const all = [...images, ...texts];
  if (all.length > 0) await db.insertInto('data_rows').values(all).execute();
  const batchId = newId();
  await db
    .insertInto('batches')
    .values({
      id: batchId,
      organization_id: actor.organizationId,
      project_id: project.id,
      name: 'batch-1',
      priority: 3,
      consensus_settings: null,
      size: all.length,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (all.length > 0)
    await db
      .insertInto('project_data_rows')
      .values(
        all.map((r) => ({
          project_id: project.id,
          data_row_id: r.id,
          batch_id: batchId,
          priority: 3,
          created_at: now,
        })),
      )
      .execute();
  const ref = (r: { id: string; global_key: string }) => ({ id: r.id, globalKey: r.global_key });
  return {
    projectId: project.id,
    datasetId,
    batchId,
    ontology,
    images: images.map(ref),
    texts: texts.map(ref),
  };
}

const tool = (o: OntologyRecord, name: string) => o.normalized.tools.find((t) => t.name === name)!;
const klass = (o: OntologyRecord, name: string) => o.normalized.classifications.find((c) => c.name === name)!;

/** A stored mask PNG (grayscale, 255 inside) the size of the test images, as the label import stores masks. */
export async function storeMask(f: Fixture): Promise<string> {
  const mask = createMask(IMAGE.width, IMAGE.height);
  for (let y = 1; y < 4; y++) for (let x = 2; x < 6; x++) mask.data[y * IMAGE.width + x] = 1;
  const key = `${f.actor.organizationId}/masks/${newId()}.png`;
  await f.ctx.blobs.put(key, Buffer.from(maskToPng(mask)));
  return key;
}

/** An image label with every image annotation kind, a relationship and every classification kind, nested ones included. */
export function imageDocument(o: OntologyRecord, maskKey: string): LabelDocument {
  const box = tool(o, 'box');
  const occluded = box.classifications[0]!;
  const yes = occluded.options[0]!;
  const why = yes.options[0]!;
  const q = klass(o, 'q');
  const sub = q.options[0]!.options[0]!;
  const c = klass(o, 'c');
  const u = () => randomUUID();
  const boxUuid = u();
  const polyUuid = u();
  const ans = (
    node: { featureSchemaId: string; label: string | number; value: string | number },
    nested: any[] = [],
  ) => ({
    uuid: u(),
    featureSchemaId: node.featureSchemaId,
    name: String(node.label),
    value: String(node.value),
    classifications: nested,
  });
  return {
    objects: [
      {
        kind: 'bbox',
        uuid: boxUuid,
        featureSchemaId: box.featureSchemaId,
        name: 'box',
        bbox: { top: 1, left: 1, height: 2, width: 3 },
        classifications: [
          {
            kind: 'radio',
            uuid: u(),
            featureSchemaId: occluded.featureSchemaId,
            name: 'occluded',
            answer: ans(yes, [
              {
                kind: 'text',
                uuid: u(),
                featureSchemaId: why.featureSchemaId,
                name: 'why',
                answer: 'behind a tree',
              },
            ]),
          },
        ],
      },
      {
        kind: 'polygon',
        uuid: polyUuid,
        featureSchemaId: tool(o, 'poly').featureSchemaId,
        name: 'poly',
        points: [
          { x: 1, y: 1 },
          { x: 5, y: 1 },
          { x: 5, y: 4 },
        ],
        classifications: [],
      },
      {
        kind: 'point',
        uuid: u(),
        featureSchemaId: tool(o, 'pt').featureSchemaId,
        name: 'pt',
        point: { x: 2, y: 2 },
        classifications: [],
      },
      {
        kind: 'polyline',
        uuid: u(),
        featureSchemaId: tool(o, 'ln').featureSchemaId,
        name: 'ln',
        points: [
          { x: 0, y: 0 },
          { x: 3, y: 3 },
        ],
        classifications: [],
      },
      {
        kind: 'mask',
        uuid: u(),
        featureSchemaId: tool(o, 'seg').featureSchemaId,
        name: 'seg',
        source: { type: 'blob', key: maskKey },
        classifications: [],
      },
    ],
    classifications: [
      {
        kind: 'radio',
        uuid: u(),
        featureSchemaId: q.featureSchemaId,
        name: 'q',
        answer: ans(q.options[0]!, [
          {
            kind: 'checklist',
            uuid: u(),
            featureSchemaId: sub.featureSchemaId,
            name: 'sub',
            answers: [ans(sub.options[0]!)],
          },
        ]),
      },
      {
        kind: 'checklist',
        uuid: u(),
        featureSchemaId: c.featureSchemaId,
        name: 'c',
        answers: [ans(c.options[0]!), ans(c.options[1]!)],
      },
      {
        kind: 'text',
        uuid: u(),
        featureSchemaId: klass(o, 'free_text').featureSchemaId,
        name: 'free_text',
        answer: 'sample text',
      },
    ],
    relationships: [
      {
        kind: 'relationship',
        uuid: u(),
        featureSchemaId: tool(o, 'rel').featureSchemaId,
        name: 'rel',
        source: boxUuid,
        target: polyUuid,
        direction: 'unidirectional',
      },
    ],
  } as LabelDocument;
}

/** A text label: "Michael Jordan" and "Chicago" as entities (inclusive ends, as Labelbox stores spans). */
export function textDocument(o: OntologyRecord): LabelDocument {
  const ner = tool(o, 'ner');
  const entity = (start: number, end: number) => ({
    kind: 'text-entity' as const,
    uuid: randomUUID(),
    featureSchemaId: ner.featureSchemaId,
    name: 'ner',
    start,
    end,
    classifications: [],
  });
  return { objects: [entity(0, 13), entity(25, 31)], classifications: [], relationships: [] };
}

/** Inserts a label with its annotation index rows (what the label import writes). */
export async function insertLabel(
  f: Fixture,
  input: {
    projectId: string;
    dataRowId: string;
    doc: LabelDocument | string;
    type?: 'SUBMITTED' | 'SKIPPED';
    createdAt?: string;
    agreement?: number;
  },
): Promise<string> {
  const id = newId();
  const at = input.createdAt ?? nowIso();
  await f.db
    .insertInto('labels')
    .values({
      id,
      organization_id: f.actor.organizationId,
      project_id: input.projectId,
      data_row_id: input.dataRowId,
      created_by: f.actor.userId,
      type: input.type ?? 'SUBMITTED',
      content: typeof input.doc === 'string' ? input.doc : JSON.stringify(input.doc),
      seconds_to_label: 12.5,
      seconds_to_review: null,
      agreement: input.agreement ?? null,
      benchmark_agreement: null,
      is_benchmark_reference: 0,
      review_state: 'UNREVIEWED',
      import_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // As an import would: the row is done (docs/queue.md).
  await new WorkflowRepository(f.db).markLabeledOutsideQueue(input.projectId, [input.dataRowId], at, {
    organizationId: f.actor.organizationId,
    userId: f.actor.userId,
    action: 'IMPORTED',
    newId,
  });
  if (typeof input.doc !== 'string') {
    const top = [...input.doc.objects, ...input.doc.classifications, ...input.doc.relationships];
    if (top.length > 0)
      await f.db
        .insertInto('annotations')
        .values(
          top.map((a) => ({
            id: newId(),
            organization_id: f.actor.organizationId,
            label_id: id,
            feature_schema_id: a.featureSchemaId,
            kind: a.kind,
            uuid: a.uuid,
          })),
        )
        .execute();
  }
  return id;
}
