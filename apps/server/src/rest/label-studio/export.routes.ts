import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import type { DmQuery } from '../../services/label-studio/dm-query.ts';
import type { AppContext } from '../../http/app-context.ts';
import type { LsProject } from '../../services/label-studio/project.service.ts';
import type { LsTaskRecord } from '../../services/label-studio/task.service.ts';
import { lsBool, pathId } from './envelope.ts';
import {
  availableFormats,
  CONVERTER_OF,
  extensionOf,
  isLsFormat,
  JSON_FAMILY,
  jsonFamilyBytes,
  LS_EXPORT_FORMATS,
  type LsFormat,
} from './export-formats.ts';
import { taskJson } from './mappers.ts';
import { actorOf, lsIdsFor, lsRoute, queryOf } from './routes.ts';

/** Exported task JSON a page at a time, read from the database (memory stays flat however big the project). */
export async function* taskJsonPages(
  ctx: AppContext,
  actor: Actor,
  project: LsProject,
  keep: (t: LsTaskRecord) => boolean,
  /** Data Manager filters selecting the tasks (a snapshot made through a view). */
  query?: DmQuery,
): AsyncGenerator<Record<string, unknown>[]> {
  for await (const page of ctx.services.labelStudio.tasks.all(actor, project, 500, query)) {
    const kept = page.filter(keep);
    if (kept.length === 0) continue;
    const ids = await lsIdsFor(ctx, actor, kept);
    yield kept.map((t) => taskJson(project, t, ids) as unknown as Record<string, unknown>);
  }
}

/** The format a request names (`exportType` or `export_type`, any case), checked against the project's config. */
export function requestedFormat(project: LsProject, raw: unknown, field: string): LsFormat {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const requested = (typeof value === 'string' && value !== '' ? value : 'JSON').toUpperCase();
  if (!isLsFormat(requested) || !availableFormats(project.config).has(requested))
    throw new AppError('MALFORMED_REQUEST', `${requested} is not supported export format`, { field });
  return requested;
}

export const contentTypeOf = (format: LsFormat): string => {
  const ext = extensionOf(format);
  return ext === 'json'
    ? 'application/json; charset=utf-8'
    : ext === 'csv'
      ? 'text/csv; charset=utf-8'
      : ext === 'tsv'
        ? 'text/tab-separated-values; charset=utf-8'
        : ext === 'conll'
          ? 'text/plain; charset=utf-8'
          : 'application/zip';
};

/** Label Studio's file name: `project-{id}-at-{YYYY-MM-DD-HH-MM}-{md5[:8]}.{ext}`. */
export function exportFileName(project: LsProject, format: LsFormat, salt: string): string {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const hash = createHash('md5').update(`${project.lsId}${stamp}${salt}`).digest('hex').slice(0, 8);
  return `project-${project.lsId}-at-${stamp}-${hash}.${extensionOf(format)}`;
}

/**
 * The bytes of one format: the JSON family from exported task JSON; file formats through the shared converters of
 * packages/schema (FormatExportService) over the same labels, restricted to `dataRowIds` when given.
 */
export async function formatBody(
  ctx: AppContext,
  actor: Actor,
  project: LsProject,
  format: LsFormat,
  tasks: AsyncIterable<readonly Record<string, unknown>[]>,
  dataRowIds?: ReadonlySet<string>,
): Promise<Readable> {
  if (JSON_FAMILY.has(format)) return Readable.from(jsonFamilyBytes(tasks, project.config, format));
  const download = await ctx.services.formatExports.open(actor, project.row.id, CONVERTER_OF[format]!, {
    layout: 'label-studio',
    dataRowIds,
  });
  return download.body;
}

/** Export formats and the synchronous, streamed "easy export". */
export function registerLsExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects } = ctx.services.labelStudio;
  lsRoute(app, 'GET', '/api/projects/:id/export/formats', async (request) => {
    const project = await projects.get(
      actorOf(request),
      pathId((request.params as { id: string }).id, 'Project'),
    );
    const available = availableFormats(project.config);
    // Enabled formats first, as Label Studio sorts them.
    return [...LS_EXPORT_FORMATS]
      .sort((a, b) => Number(!available.has(a.name)) - Number(!available.has(b.name)))
      .map((f) => ({
        ...f,
        link: `https://labelstud.io/guide/export.html#${f.name}`,
        tags: [],
        ...(!available.has(f.name) && { disabled: true }),
      }));
  });

  lsRoute(app, 'GET', '/api/projects/:id/export', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, pathId((request.params as { id: string }).id, 'Project'));
    const q = queryOf(request);
    const format = requestedFormat(project, q.exportType ?? q.export_type, 'export_type');
    const rawIds = [q['ids[]'], q.ids]
      .flat()
      .filter((v): v is string => typeof v === 'string')
      .flatMap((v) => v.split(','));
    const ids = rawIds.length > 0 ? new Set(rawIds.map((v) => pathId(v, 'Task'))) : undefined;
    const all = lsBool(q.download_all_tasks, false) || ids !== undefined;
    const keep = (t: LsTaskRecord) => (!ids || ids.has(t.lsId)) && (all || t.annotations.length > 0);
    let dataRowIds: Set<string> | undefined;
    if (!JSON_FAMILY.has(format) && (ids || !all)) {
      dataRowIds = new Set();
      for await (const page of ctx.services.labelStudio.tasks.all(actor, project))
        for (const t of page) if (keep(t)) dataRowIds.add(t.dataRowId);
    }
    const body = await formatBody(
      ctx,
      actor,
      project,
      format,
      taskJsonPages(ctx, actor, project, keep),
      dataRowIds,
    );
    const fileName = exportFileName(project, format, request.url);
    return reply
      .header('content-type', contentTypeOf(format))
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('filename', fileName)
      .send(body);
  });
}
