import {
  groupAnnotations,
  parseNdjsonAnnotation,
  readNdjsonEnvelope,
  relationshipUtil,
  type Annotation,
  type FeatureResolver,
  type FieldError,
  type LabelDocument,
  type MediaInfo,
  type NdjsonEnvelope,
} from '@labelyard/schema';
import { randomUUID } from 'node:crypto';
import type { Db, Dialect } from '../db/database.ts';
import { BatchRepository } from '../repositories/batch.repository.ts';
import { DataRowRepository, type DataRowRow } from '../repositories/data-row.repository.ts';
import type { LabelRow } from '../repositories/label.repository.ts';
import { ModelRunRepository } from '../repositories/model-run.repository.ts';
import type { RawLine } from './annotation-import.lines.ts';
import { storeMasks, type MaskStore } from './annotation-import.masks.ts';
import {
  lineFailure,
  mediaMismatch,
  mediaOf,
  type ImportErrorName,
  type StatusLine,
} from './annotation-import.status.ts';
import type { WorkflowHistoryRow } from '../repositories/workflow.repository.ts';
import { existingOfImport, writeImportedLabels, type ImportTarget } from './annotation-import.write.ts';
import { mergeLabels, parseStoredLabel, withoutConfidence } from './label.content.ts';

export type { ImportKind } from './annotation-import.write.ts';

/** A line read as far as its envelope (JSON, uuid, dataRow): cheap, so the reader can count data rows per chunk. */
export type ReadLine = { lineNo: number; envelope: NdjsonEnvelope } | { lineNo: number; failure: StatusLine };

export function readLine(raw: RawLine, maxLineBytes: number): ReadLine {
  if ('tooLong' in raw)
    return {
      lineNo: raw.lineNo,
      failure: lineFailure(raw.lineNo, 'ValidationError', [
        { path: '', message: `line is longer than ${maxLineBytes} bytes` },
      ]),
    };
  const result = readNdjsonEnvelope(raw.text);
  if (result.ok) return { lineNo: raw.lineNo, envelope: result.value };
  const name = result.errors.some((e) => e.message.startsWith('is not valid JSON'))
    ? 'InvalidJson'
    : 'ValidationError';
  return {
    lineNo: raw.lineNo,
    failure: lineFailure(
      raw.lineNo,
      name,
      result.errors,
      result.uuid === undefined ? undefined : { uuid: result.uuid },
    ),
  };
}

export type ChunkContext = ImportTarget & {
  features: FeatureResolver;
  masks: MaskStore;
};

/** An accepted line: its records (one, or one per instance of a video mask line; the first has the line's uuid). */
type Line = { lineNo: number; envelope: NdjsonEnvelope; dataRow: DataRowRow; annotations: Annotation[] };

/**
 * Imports one chunk of lines (a few hundred data rows at most): reads and checks every line, then writes the lines
 * that passed in ONE transaction — a new label (or pre-label) per data row, or the import's existing one for that
 * row extended, when the row's lines span chunks. A failing line writes nothing and gets its errors in the status.
 */
export class ImportChunk {
  private readonly statuses: StatusLine[] = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly ctx: ChunkContext,
  ) {}

  async run(lines: readonly ReadLine[]): Promise<{
    statuses: StatusLine[];
    created: LabelRow[];
    updated: LabelRow[];
    steps: WorkflowHistoryRow[];
  }> {
    const envelopes: Array<{ lineNo: number; envelope: NdjsonEnvelope }> = [];
    for (const line of lines) {
      if ('failure' in line) this.statuses.push(line.failure);
      else envelopes.push(line);
    }
    const rows = await this.lookupDataRows(envelopes.map((e) => e.envelope));
    const accepted = await this.parseLines(envelopes, rows);
    const byRow = new Map<string, Line[]>();
    for (const line of accepted) byRow.set(line.dataRow.id, [...(byRow.get(line.dataRow.id) ?? []), line]);
    const written = await this.write(byRow);
    this.statuses.sort((a, b) => a.line - b.line);
    return { statuses: this.statuses, ...written };
  }

  private fail(
    lineNo: number,
    name: ImportErrorName,
    errors: readonly FieldError[],
    envelope?: NdjsonEnvelope,
    dataRowId?: string,
  ) {
    this.statuses.push(lineFailure(lineNo, name, errors, envelope, dataRowId));
  }

  /** The organization's data rows the lines name (by id or global key), with whether each is in the project. */
  private async lookupDataRows(envelopes: readonly NdjsonEnvelope[]) {
    const repo = new DataRowRepository(this.db, this.dialect);
    const ids = envelopes.flatMap((e) => ('id' in e.dataRow ? [e.dataRow.id] : []));
    const keys = envelopes.flatMap((e) => ('globalKey' in e.dataRow ? [e.dataRow.globalKey] : []));
    const byId = new Map((await repo.findByIds(this.ctx.organizationId, ids)).map((r) => [r.id, r]));
    const byKey = new Map(
      (await repo.findByGlobalKeys(this.ctx.organizationId, keys)).map((r) => [r.global_key!, r]),
    );
    const found = [...new Set([...byId.keys(), ...[...byKey.values()].map((r) => r.id)])];
    const target = this.ctx;
    const inProject =
      target.kind === 'MEA'
        ? new Set(
            (await new ModelRunRepository(this.db).rowsOf(target.modelRunId, found)).map(
              (r) => r.data_row_id,
            ),
          )
        : await new BatchRepository(this.db).membership(target.projectId, found);
    return { byId, byKey, inProject };
  }

  private notInTarget(dataRowId: string): [ImportErrorName, string] {
    const target = this.ctx;
    return target.kind === 'MEA'
      ? [
          'DataRowNotInModelRun',
          `data row ${dataRowId} is not in model run ${target.modelRunId}; add it with model_run.upsert_data_rows first`,
        ]
      : [
          'DataRowNotInProject',
          `data row ${dataRowId} is not in project ${target.projectId}; add it with a batch (project.create_batch) first`,
        ];
  }

  private async parseLines(
    envelopes: ReadonlyArray<{ lineNo: number; envelope: NdjsonEnvelope }>,
    rows: Awaited<ReturnType<ImportChunk['lookupDataRows']>>,
  ): Promise<Line[]> {
    const accepted: Line[] = [];
    for (const { lineNo, envelope } of envelopes) {
      const ref = envelope.dataRow;
      const dataRow = 'id' in ref ? rows.byId.get(ref.id) : rows.byKey.get(ref.globalKey);
      if (!dataRow) {
        const [key, value] = 'id' in ref ? ['id', ref.id] : ['globalKey', ref.globalKey];
        this.fail(
          lineNo,
          'DataRowNotFound',
          [{ path: `dataRow.${key}`, message: `no data row with ${key} "${value}" in your organization` }],
          envelope,
        );
        continue;
      }
      if (!rows.inProject.has(dataRow.id)) {
        const [name, message] = this.notInTarget(dataRow.id);
        this.fail(lineNo, name, [{ path: 'dataRow', message }], envelope, dataRow.id);
        continue;
      }
      const media: MediaInfo | undefined = mediaOf(dataRow);
      const parsed = parseNdjsonAnnotation(envelope, {
        features: this.ctx.features,
        newUuid: randomUUID,
        ...(media && { media }),
      });
      if (!parsed.ok) {
        this.fail(lineNo, 'ValidationError', parsed.errors, envelope, dataRow.id);
        continue;
      }
      // Predictions keep their confidence (model-run metrics and exports carry it); labels and pre-labels do not.
      const read = parsed.annotations.map((a) => (this.ctx.kind === 'MEA' ? a : withoutConfidence(a)));
      const mismatch = mediaMismatch(read[0]!, dataRow);
      if (mismatch) {
        this.fail(lineNo, 'ValidationError', [mismatch], envelope, dataRow.id);
        continue;
      }
      const stored = await storeMasks(this.ctx.masks, read, media);
      if (!stored.ok) {
        this.fail(lineNo, 'ValidationError', stored.errors, envelope, dataRow.id);
        continue;
      }
      accepted.push({ lineNo, envelope, dataRow, annotations: stored.annotations });
    }
    return accepted;
  }

  /** Checks what depends on the whole label (unique uuids, relationship ends) and writes every data row's label. */
  private async write(
    byRow: Map<string, Line[]>,
  ): Promise<{ created: LabelRow[]; updated: LabelRow[]; steps: WorkflowHistoryRow[] }> {
    const existing = await existingOfImport(this.db, this.dialect, this.ctx, [...byRow.keys()]);
    const existingByRow = new Map(existing.map((e) => [e.data_row_id, e]));
    const docs = new Map<string, LabelDocument>();
    const written: Line[] = [];
    for (const [dataRowId, lines] of byRow) {
      const before = existingByRow.get(dataRowId);
      const base = before ? parseStoredLabel(before.content) : undefined;
      const kept = this.checkLabel(base, lines);
      if (kept.length === 0) continue;
      const added = groupAnnotations(kept.flatMap((l) => l.annotations));
      docs.set(dataRowId, base ? mergeLabels(base, added) : added);
      written.push(...kept);
    }
    const result = await writeImportedLabels(this.db, this.dialect, this.ctx, docs, existingByRow);
    for (const line of written)
      this.statuses.push({
        line: line.lineNo,
        uuid: line.annotations[0]!.uuid,
        dataRow: {
          id: line.dataRow.id,
          ...('globalKey' in line.envelope.dataRow && { globalKey: line.envelope.dataRow.globalKey }),
        },
        status: 'SUCCESS',
        errors: [],
      });
    return result;
  }

  /** Per-line checks against the rest of the label; returns the lines that pass. Relationships go last. */
  private checkLabel(base: LabelDocument | undefined, lines: Line[]): Line[] {
    const uuids = new Set<string>();
    const objects = new Set<string>();
    for (const a of [
      ...(base?.objects ?? []),
      ...(base?.classifications ?? []),
      ...(base?.relationships ?? []),
    ])
      uuids.add(a.uuid);
    for (const o of base?.objects ?? []) objects.add(o.uuid);
    const kept: Line[] = [];
    const ordered = [
      ...lines.filter((l) => l.annotations[0]!.kind !== 'relationship'),
      ...lines.filter((l) => l.annotations[0]!.kind === 'relationship'),
    ];
    for (const line of ordered) {
      const errors: FieldError[] = [];
      const mine = new Set<string>();
      for (const a of line.annotations) {
        if (uuids.has(a.uuid) || mine.has(a.uuid))
          errors.push({
            path: 'uuid',
            message: `uuid "${a.uuid}" is used by another annotation of this data row`,
          });
        mine.add(a.uuid);
        if (a.kind === 'relationship') errors.push(...relationshipUtil.validate(a, objects));
      }
      if (errors.length > 0) {
        this.fail(line.lineNo, 'ValidationError', errors, line.envelope, line.dataRow.id);
        continue;
      }
      for (const a of line.annotations) {
        uuids.add(a.uuid);
        if (a.kind !== 'relationship' && a.kind !== 'radio' && a.kind !== 'checklist' && a.kind !== 'text')
          objects.add(a.uuid);
      }
      kept.push(line);
    }
    return kept.sort((x, y) => x.lineNo - y.lineNo);
  }
}
