import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  createCocoWriter,
  createConllWriter,
  createPngMaskWriter,
  createVocWriter,
  createYoloWriter,
  decodePng,
  imageToMask,
  maskAnnotationPixels,
  type BinaryMask,
  type DecodedImage,
  type ExportCategory,
  type ExportRowInput,
  type FormatWriter,
  type LabelDocument,
  type MaskAnnotation,
} from '@labelyard/schema';
import type { Actor } from '../auth/actor.ts';
import { invalid } from '../errors.ts';
import { ExportRepository, type ExportProjectRowRecord } from '../repositories/export.repository.ts';
import { DataRowImportService } from './data-row-import/service.ts';
import { inlineText, parseJsonObject, parseLabelContent } from './export-v2.rows.ts';
import { SingleFileOutput, ZipOutput, type PieceOutput } from './format-export.output.ts';
import type { ServiceDeps } from './index.ts';
import { OntologyService } from './ontology.service.ts';
import { ProjectService } from './project.service.ts';

export const EXPORT_FORMATS = ['coco', 'yolo', 'voc', 'conll', 'masks'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type FormatDownload = { contentType: string; fileName: string; body: Readable };

/**
 * `label-studio`: Label Studio's converter layout (COCO as a zip holding `result.json`); `dataRowIds`: only these
 * rows (the Label Studio face's `ids[]`).
 */
export type FormatExportOptions = {
  layout?: 'labelyard' | 'label-studio';
  dataRowIds?: ReadonlySet<string> | undefined;
};

/** Ontology tools that become COCO categories / YOLO classes, in ontology order. */
const COCO_TOOLS = new Set(['rectangle', 'polygon', 'raster-segmentation']);
const YOLO_TOOLS = new Set(['rectangle', 'polygon']);
const PAGE_SIZE = 500;

type Spec = {
  contentType: string;
  extension: string;
  output: (dir: string) => PieceOutput;
  pixels: boolean;
  text: boolean;
};

const SPECS: Record<ExportFormat, Spec> = {
  coco: {
    contentType: 'application/json',
    extension: 'json',
    output: (d) => new SingleFileOutput('annotations.json', d),
    pixels: true,
    text: false,
  },
  conll: {
    contentType: 'text/plain; charset=utf-8',
    extension: 'conll',
    output: (d) => new SingleFileOutput('annotations.conll', d),
    pixels: false,
    text: true,
  },
  yolo: {
    contentType: 'application/zip',
    extension: 'zip',
    output: (d) => new ZipOutput(d, () => false),
    pixels: false,
    text: false,
  },
  voc: {
    contentType: 'application/zip',
    extension: 'zip',
    output: (d) => new ZipOutput(d, () => false),
    pixels: true,
    text: false,
  },
  masks: {
    contentType: 'application/zip',
    extension: 'zip',
    output: (d) => new ZipOutput(d, (f) => f.endsWith('/index.ndjson')),
    pixels: true,
    text: false,
  },
};

/** Label Studio's COCO: a zip with `result.json` (its annotations spool waits on disk, not in the zip). */
const LABEL_STUDIO_COCO: Spec = {
  ...SPECS.coco,
  contentType: 'application/zip',
  extension: 'zip',
  output: (d) => new ZipOutput(d, (f) => f.endsWith('.annotations.part')),
};

const isFormat = (value: string): value is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(value);

/**
 * Standard formats of a project's submitted labels, streamed as the response body: rows are read page by page and
 * fed to the converters of @labelyard/schema; what a converter appends to across rows waits in temp files, so
 * memory stays flat. Images are not included (only annotations).
 */
export class FormatExportService {
  private readonly repo: ExportRepository;
  private readonly projects: ProjectService;
  private readonly ontologies: OntologyService;
  private readonly uploads: DataRowImportService;

  constructor(private readonly deps: ServiceDeps) {
    this.repo = new ExportRepository(deps.db, deps.dialect);
    this.projects = new ProjectService(deps.db, deps.dialect);
    this.ontologies = new OntologyService(deps.db, deps.dialect);
    this.uploads = new DataRowImportService(deps);
  }

  /** Checks everything that can fail before the first byte, then returns the streaming body. */
  async open(
    actor: Actor,
    projectId: string,
    format: string,
    options: FormatExportOptions = {},
  ): Promise<FormatDownload> {
    if (!isFormat(format))
      throw invalid('format', `must be one of ${EXPORT_FORMATS.join(', ')} (got "${format}")`);
    const project = await this.projects.get(actor, projectId);
    const labelStudio = options.layout === 'label-studio';
    const tools = project.ontology_id
      ? (await this.ontologies.get(actor, project.ontology_id)).full.tools
      : [];
    const categories = (kinds: Set<string>): ExportCategory[] =>
      tools
        .filter((t) => kinds.has(t.tool))
        .map((t) => ({ featureSchemaId: t.featureSchemaId, name: t.name }));
    const writer: FormatWriter =
      format === 'coco'
        ? createCocoWriter({
            ...(labelStudio && { file: 'result.json' }),
            categories: categories(COCO_TOOLS),
            info: {
              description: `Labelyard export of ${project.name}`,
              date_created: new Date().toISOString(),
            },
          })
        : format === 'yolo'
          ? createYoloWriter({ categories: categories(YOLO_TOOLS) })
          : format === 'voc'
            ? createVocWriter()
            : format === 'conll'
              ? createConllWriter()
              : createPngMaskWriter();
    const spec = labelStudio && format === 'coco' ? LABEL_STUDIO_COCO : SPECS[format];
    const safeName = project.name.replace(/[^A-Za-z0-9._-]+/g, '_') || project.id;
    return {
      contentType: spec.contentType,
      fileName: `${safeName}-${format}.${spec.extension}`,
      body: Readable.from(this.bytes(actor, project.id, writer, spec, options.dataRowIds), {
        objectMode: false,
      }),
    };
  }

  private async *bytes(
    actor: Actor,
    projectId: string,
    writer: FormatWriter,
    spec: Spec,
    only?: ReadonlySet<string>,
  ): AsyncGenerator<Buffer> {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'labelyard-export-'));
    const output = spec.output(dir);
    try {
      for await (const inputs of this.rows(actor, projectId, spec)) {
        for (const input of inputs) {
          if (only && !only.has(input.dataRow.id)) continue;
          for (const piece of writer.row(input)) yield* output.accept(piece);
        }
      }
      for (const piece of writer.finish()) yield* output.accept(piece);
      yield* output.end();
    } finally {
      await output.dispose();
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }

  /** Converter inputs page by page: data rows of the project with their submitted labels. */
  private async *rows(actor: Actor, projectId: string, spec: Spec): AsyncGenerator<ExportRowInput[]> {
    const org = actor.organizationId;
    let after: string | null = null;
    for (;;) {
      const page: ExportProjectRowRecord[] = await this.repo.projectPage(
        org,
        projectId,
        {},
        after,
        PAGE_SIZE,
      );
      if (page.length === 0) return;
      const labels = await this.repo.labelsFor(
        org,
        [projectId],
        page.map((r) => r.id),
      );
      const docs = new Map<string, LabelDocument[]>();
      for (const l of labels) {
        const doc = l.type === 'SKIPPED' ? undefined : parseLabelContent(l.content);
        if (!doc || typeof doc === 'string') continue;
        const list = docs.get(l.data_row_id);
        if (list) list.push(doc);
        else docs.set(l.data_row_id, [doc]);
      }
      const inputs: ExportRowInput[] = [];
      for (const row of page) {
        const rowDocs = docs.get(row.id) ?? [];
        const pixels = spec.pixels ? await this.maskPixels(org, rowDocs) : undefined;
        const media = parseJsonObject(row.media_attributes);
        const size = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
        const text = spec.text ? await this.textOf(actor, row) : undefined;
        inputs.push({
          dataRow: {
            id: row.id,
            globalKey: row.global_key,
            externalId: row.external_id,
            ...(row.external_id ? {} : { fileName: urlBaseName(row.row_data) }),
            ...(size(media.width) !== undefined ? { width: size(media.width) } : {}),
            ...(size(media.height) !== undefined ? { height: size(media.height) } : {}),
            ...(text !== undefined ? { text } : {}),
          },
          labels: rowDocs,
          ...(pixels ? { maskPixels: (m: MaskAnnotation) => pixels.get(m) } : {}),
        });
      }
      yield inputs;
      after = page[page.length - 1]!.id;
    }
  }

  /** Decoded pixels of the row's masks (inline PNGs and this organization's blobs; external URLs are skipped). */
  private async maskPixels(
    org: string,
    docs: readonly LabelDocument[],
  ): Promise<Map<MaskAnnotation, BinaryMask>> {
    const out = new Map<MaskAnnotation, BinaryMask>();
    // A composite mask is one PNG shared by every instance (each picks its colour): read and decode it once.
    const images = new Map<string, DecodedImage | null>();
    for (const doc of docs) {
      for (const o of doc.objects) {
        if (o.kind !== 'mask' || o.source.type === 'uri') continue;
        if (o.source.type === 'png') {
          const decoded = maskAnnotationPixels(o);
          if (decoded.ok) out.set(o, decoded.value);
          continue;
        }
        const { key } = o.source;
        if (!key.startsWith(`${org}/`)) continue;
        if (!images.has(key)) {
          const bytes = await this.deps.blobs.readBuffer(key).catch(() => undefined);
          const decoded = bytes ? decodePng(bytes) : undefined;
          images.set(key, decoded?.ok ? decoded.value : null);
        }
        const image = images.get(key);
        if (image) out.set(o, imageToMask(image, o.colorRGB));
      }
    }
    return out;
  }

  /** The text of a text row: inline text, or a file this server stored (uploaded through `uploadFile`). */
  private async textOf(actor: Actor, row: ExportProjectRowRecord): Promise<string | undefined> {
    const inline = inlineText(row);
    if (inline !== undefined) return inline;
    if (row.media_type !== null && row.media_type !== 'TEXT') return undefined;
    try {
      const key = this.uploads.ownBlobKey(actor, row.row_data, 'row_data');
      return (await this.deps.blobs.readBuffer(key)).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function urlBaseName(rowData: string): string | undefined {
  try {
    return decodeURIComponent(new URL(rowData).pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
}
