import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { dataKeysOf } from '@labelyard/schema';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import type { LsProject } from '../../services/label-studio/project.service.ts';
import type { LsTaskRecord } from '../../services/label-studio/task.service.ts';
import { lsBool, pathId } from './envelope.ts';
import { taskJson, type LsIds } from './mappers.ts';
import type { Actor } from '../../auth/actor.ts';
import { actorOf, lsIdsFor, lsRoute, queryOf } from './routes.ts';

/** Formats served by the streamed export, in Label Studio's names. */
export const LS_EXPORT_FORMATS = [
  {
    name: 'JSON',
    title: 'JSON',
    description: "Label Studio's common export format: a list of tasks with their annotations.",
  },
  {
    name: 'JSON_MIN',
    title: 'JSON-MIN',
    description: 'One record per annotation: task data plus a value per control.',
  },
  { name: 'CSV', title: 'CSV', description: 'One row per annotation; complex values JSON-encoded.' },
  { name: 'TSV', title: 'TSV', description: 'One row per annotation, tab separated.' },
] as const;
type Format = (typeof LS_EXPORT_FORMATS)[number]['name'];

/** JSON_MIN / CSV record values of one annotation: per control, its region values or its bare answer. */
function minValues(result: readonly Record<string, unknown>[]): Record<string, unknown> {
  const byControl = new Map<string, Record<string, unknown>[]>();
  for (const r of result) {
    if (typeof r.from_name !== 'string') continue;
    const list = byControl.get(r.from_name) ?? [];
    list.push(r);
    byControl.set(r.from_name, list);
  }
  const out: Record<string, unknown> = {};
  for (const [name, items] of byControl) {
    const first = items[0]!;
    const value = (first.value ?? {}) as Record<string, unknown>;
    if (
      items.length === 1 &&
      first.type === 'choices' &&
      Array.isArray(value.choices) &&
      value.choices.length === 1
    )
      out[name] = value.choices[0];
    else if (
      items.length === 1 &&
      first.type === 'textarea' &&
      Array.isArray(value.text) &&
      value.text.length === 1
    )
      out[name] = value.text[0];
    else if (items.length === 1 && (first.type === 'rating' || first.type === 'number'))
      out[name] = value[first.type as string];
    else
      out[name] = items.map((r) => ({
        ...(r.value as object),
        ...(r.original_width !== undefined && {
          original_width: r.original_width,
          original_height: r.original_height,
        }),
      }));
  }
  return out;
}

function minRecords(
  project: LsProject,
  task: LsTaskRecord,
  ids: LsIds,
  all: boolean,
): Record<string, unknown>[] {
  const json = taskJson(project, task, ids);
  const base = { ...task.data, id: task.lsId };
  if (json.annotations!.length === 0) return all ? [base] : [];
  return json.annotations!.map((a) => ({
    ...base,
    ...minValues(a.result as Record<string, unknown>[]),
    annotator: a.completed_by,
    annotation_id: a.id,
    created_at: a.created_at,
    updated_at: a.updated_at,
    lead_time: a.lead_time,
  }));
}

const cell = (v: unknown, sep: string): string => {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.includes(sep) || /["\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The export body, written as tasks are read a page at a time: memory stays flat however big the project. */
async function* exportBytes(
  pages: AsyncIterable<LsTaskRecord[]>,
  project: LsProject,
  format: Format,
  options: { all: boolean; ids: Set<number> | undefined; ctx: AppContext; actor: Actor },
): AsyncGenerator<string> {
  const idsOf = (page: LsTaskRecord[]) => lsIdsFor(options.ctx, options.actor, page);
  const keep = (t: LsTaskRecord) =>
    (!options.ids || options.ids.has(t.lsId)) && (options.all || t.annotations.length > 0);
  if (format === 'JSON' || format === 'JSON_MIN') {
    let first = true;
    yield '[';
    for await (const page of pages) {
      let chunk = '';
      const ids = await idsOf(page);
      for (const t of page) {
        if (!keep(t)) continue;
        const records = format === 'JSON' ? [taskJson(project, t, ids)] : minRecords(project, t, ids, true);
        for (const r of records) {
          chunk += (first ? '\n' : ',\n') + JSON.stringify(r);
          first = false;
        }
      }
      if (chunk) yield chunk;
    }
    yield '\n]\n';
    return;
  }
  const sep = format === 'CSV' ? ',' : '\t';
  const controls = project.config.controls.map((c) => c.name);
  let columns: string[] | undefined;
  for await (const page of pages) {
    let chunk = '';
    const ids = await idsOf(page);
    for (const t of page) {
      if (!keep(t)) continue;
      if (!columns) {
        const dataKeys = [...new Set([...dataKeysOf(project.config), ...Object.keys(t.data)])];
        columns = [
          ...new Set([
            'annotation_id',
            'annotator',
            ...controls,
            'created_at',
            'id',
            ...dataKeys,
            'lead_time',
            'updated_at',
          ]),
        ].sort();
        chunk += columns.map((c) => cell(c, sep)).join(sep) + '\n';
      }
      for (const r of minRecords(project, t, ids, true))
        chunk += columns.map((c) => cell(r[c], sep)).join(sep) + '\n';
    }
    if (chunk) yield chunk;
  }
  if (!columns)
    yield (
      ['annotation_id', 'annotator', ...controls, 'created_at', 'id', 'lead_time', 'updated_at']
        .sort()
        .join(sep) + '\n'
    );
}

/** Export formats and the synchronous, streamed "easy export". */
export function registerLsExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects, tasks } = ctx.services.labelStudio;
  lsRoute(app, 'GET', '/api/projects/:id/export/formats', async (request) => {
    await projects.get(actorOf(request), pathId((request.params as { id: string }).id, 'Project'));
    return LS_EXPORT_FORMATS.map((f) => ({
      ...f,
      link: `https://labelstud.io/guide/export.html#${f.name}`,
      tags: [],
    }));
  });

  lsRoute(app, 'GET', '/api/projects/:id/export', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, pathId((request.params as { id: string }).id, 'Project'));
    const q = queryOf(request);
    const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
    const requested = (pick(q.exportType) ?? pick(q.export_type) ?? 'JSON').toUpperCase();
    const format = LS_EXPORT_FORMATS.find((f) => f.name === requested)?.name;
    if (!format)
      throw new AppError('MALFORMED_REQUEST', `${requested} is not supported export format`, {
        field: 'export_type',
      });
    const rawIds = [q['ids[]'], q.ids]
      .flat()
      .filter((v): v is string => typeof v === 'string')
      .flatMap((v) => v.split(','));
    const ids = rawIds.length > 0 ? new Set(rawIds.map((v) => pathId(v, 'Task'))) : undefined;
    const all = lsBool(q.download_all_tasks, false) || ids !== undefined;
    const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
    const ext = format === 'CSV' ? 'csv' : format === 'TSV' ? 'tsv' : 'json';
    const hash = createHash('md5').update(`${project.lsId}${stamp}${request.url}`).digest('hex').slice(0, 8);
    const fileName = `project-${project.lsId}-at-${stamp}-${hash}.${ext}`;
    const type =
      ext === 'json' ? 'application/json' : ext === 'csv' ? 'text/csv' : 'text/tab-separated-values';
    return reply
      .header('content-type', `${type}; charset=utf-8`)
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('filename', fileName)
      .send(Readable.from(exportBytes(tasks.all(actor, project), project, format, { all, ids, ctx, actor })));
  });
}
