import { invalid } from '../errors.ts';
import type { ExportRowFilter, TimeRange } from '../repositories/export.repository.ts';

/** What the `include*` params switch on (Labelbox export v2). */
export type ExportParams = {
  attachments: boolean;
  metadata: boolean;
  embeddings: boolean;
  dataRowDetails: boolean;
  projectDetails: boolean;
  labelDetails: boolean;
  performanceDetails: boolean;
  /** Model-run exports: `predictions` (with their metrics) in each run block. */
  predictions: boolean;
  /** Model-run exports: the row's data `split` in each run block. */
  modelRunDetails: boolean;
  /** Video and DICOM objects on the frames between keyframes too (interpolated), not on keyframes only. */
  interpolatedFrames: boolean;
};

/** The `ExportDataRowsIn*Input` as GraphQL hands it over (only the fields Labelyard reads are typed). */
export type ExportInput = {
  taskName?: string | null;
  streamable?: boolean | null;
  filters?: { projectId?: string | null; searchQuery?: { scope?: unknown; query?: unknown } | null } | null;
  params?: Record<string, unknown> | null;
};

export type ParsedExportInput = {
  filter: ExportRowFilter;
  params: ExportParams;
  /** Catalog exports: projects whose labels to include (null = all projects). */
  projectIds: string[];
  allProjects: boolean;
  /** Catalog exports: model runs whose `experiments` blocks to include (`allModelRuns`: every run). */
  modelRunIds: string[];
  allModelRuns: boolean;
};

/** Ids per list filter. The SDK sends at most 2,000; Labelbox dropped its server cap, this one is generous. */
export const MAX_FILTER_IDS = 10_000;
const MAX_PROJECT_IDS = 100;
/** Most model runs one catalog export writes `experiments` for (each costs a few queries per page). */
export const MAX_MODEL_RUN_IDS = 100;
const ID_TYPES = {
  data_row_id: 'dataRowIds',
  global_key: 'globalKeys',
  batch: 'batchIds',
  dataset: 'datasetIds',
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Reads filters and params of an export v2 call; every problem names the input path. */
export function parseExportInput(input: ExportInput, timezone: string): ParsedExportInput {
  const filter: ExportRowFilter = {};
  const query = input.filters?.searchQuery?.query ?? [];
  if (!Array.isArray(query))
    throw invalid('input.filters.searchQuery.query', `must be a list (got ${show(query)})`);
  query.forEach((item, i) => readQueryItem(item, `input.filters.searchQuery.query[${i}]`, filter, timezone));
  if (filter.dataRowIds && filter.globalKeys)
    throw invalid('input.filters.searchQuery.query', 'give data_row_id or global_key filters, not both');
  const p = input.params ?? {};
  const flag = (key: string): boolean => {
    const v = p[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean')
      throw invalid(`input.params.${key}`, `must be true or false (got ${show(v)})`);
    return v;
  };
  const projectIds = p.projectIds ?? [];
  if (!Array.isArray(projectIds) || !projectIds.every((id) => typeof id === 'string'))
    throw invalid('input.params.projectIds', `must be a list of project ids (got ${show(projectIds)})`);
  if (projectIds.length > MAX_PROJECT_IDS)
    throw invalid('input.params.projectIds', `must hold at most ${MAX_PROJECT_IDS} ids`);
  const modelRunIds = p.modelRunIds ?? [];
  if (!Array.isArray(modelRunIds) || !modelRunIds.every((id) => typeof id === 'string'))
    throw invalid('input.params.modelRunIds', `must be a list of model run ids (got ${show(modelRunIds)})`);
  if (modelRunIds.length > MAX_MODEL_RUN_IDS)
    throw invalid('input.params.modelRunIds', `must hold at most ${MAX_MODEL_RUN_IDS} ids`);
  return {
    filter,
    projectIds: projectIds as string[],
    allProjects: flag('allProjects'),
    modelRunIds: [...new Set(modelRunIds as string[])],
    allModelRuns: flag('allModelRuns'),
    params: {
      attachments: flag('includeAttachments'),
      metadata: flag('includeMetadata'),
      embeddings: flag('includeEmbeddings'),
      dataRowDetails: flag('includeDataRowDetails'),
      projectDetails: flag('includeProjectDetails'),
      labelDetails: flag('includeLabelDetails'),
      performanceDetails: flag('includePerformanceDetails'),
      predictions: flag('includePredictions'),
      modelRunDetails: flag('includeModelRunDetails'),
      interpolatedFrames: flag('includeInterpolatedFrames'),
    },
  };
}

function readQueryItem(item: unknown, path: string, filter: ExportRowFilter, timezone: string): void {
  if (!isRecord(item)) throw invalid(path, `must be an object with a "type" (got ${show(item)})`);
  const type = item.type;
  if (typeof type === 'string' && Object.hasOwn(ID_TYPES, type)) {
    const key = ID_TYPES[type as keyof typeof ID_TYPES];
    if (item.operator !== undefined && item.operator !== 'is')
      throw invalid(`${path}.operator`, `must be "is" (got ${show(item.operator)})`);
    const ids = item.ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
      throw invalid(`${path}.ids`, `must be a non-empty list of strings (got ${show(ids)})`);
    if (ids.length > MAX_FILTER_IDS)
      throw invalid(`${path}.ids`, `must hold at most ${MAX_FILTER_IDS} ids (got ${ids.length})`);
    // The same filter twice narrows to the ids in both.
    const previous = filter[key];
    filter[key] = previous ? previous.filter((id) => ids.includes(id)) : [...new Set(ids as string[])];
    return;
  }
  if (type === 'labeled_at' || type === 'data_row_last_activity_at') {
    const range = readRange(item.value, `${path}.value`, timezone);
    filter[type === 'labeled_at' ? 'labeledAt' : 'lastActivityAt'] = range;
    return;
  }
  if (type === 'task_queue_not_exist') {
    filter.workflow = 'TO_LABEL';
    return;
  }
  if (type === 'task_queue_status') {
    const status = item.status;
    const states = { InReview: 'IN_REVIEW', InRework: 'IN_REWORK', Done: 'DONE' } as const;
    if (status === 'InReview' || status === 'InRework' || status === 'Done') filter.workflow = states[status];
    else throw invalid(`${path}.status`, `must be InReview, InRework or Done (got ${show(status)})`);
    return;
  }
  throw invalid(
    `${path}.type`,
    `must be one of data_row_id, global_key, batch, dataset, labeled_at, data_row_last_activity_at, task_queue_status, task_queue_not_exist (got ${show(type)})`,
  );
}

/** `{operator: BETWEEN | GREATER_THAN_OR_EQUAL | LESS_THAN_OR_EQUAL, timezone, value}` → an ISO range in UTC. */
function readRange(value: unknown, path: string, fallbackZone: string): TimeRange {
  if (!isRecord(value))
    throw invalid(path, `must be an object with operator, timezone and value (got ${show(value)})`);
  const zone = value.timezone === undefined || value.timezone === null ? fallbackZone : value.timezone;
  if (typeof zone !== 'string')
    throw invalid(`${path}.timezone`, `must be a time zone name (got ${show(zone)})`);
  const time = (v: unknown, at: string) => {
    if (typeof v !== 'string') throw invalid(at, `must be a date string (got ${show(v)})`);
    return zonedTimeToIso(v, zone, at, `${path}.timezone`);
  };
  switch (value.operator) {
    case 'BETWEEN': {
      const v = value.value;
      if (!isRecord(v)) throw invalid(`${path}.value`, `must be {"min": …, "max": …} (got ${show(v)})`);
      return { min: time(v.min, `${path}.value.min`), max: time(v.max, `${path}.value.max`) };
    }
    case 'GREATER_THAN_OR_EQUAL':
      return { min: time(value.value, `${path}.value`) };
    case 'LESS_THAN_OR_EQUAL':
      return { max: time(value.value, `${path}.value`) };
    default:
      throw invalid(
        `${path}.operator`,
        `must be BETWEEN, GREATER_THAN_OR_EQUAL or LESS_THAN_OR_EQUAL (got ${show(value.operator)})`,
      );
  }
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A filter date in the caller's time zone (`user.timezone`, as the SDK sends it) as UTC ISO text. Accepts
 * `YYYY-MM-DD`, `YYYY-MM-DD hh:mm:ss` and ISO with an offset (`…T14:30:00+0530`, which wins over the zone).
 */
export function zonedTimeToIso(text: string, zone: string, path: string, zonePath = path): string {
  const m = DATE.exec(text.trim());
  const bad = () =>
    invalid(
      path,
      `"${text}" is not a date: use "YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss" or "YYYY-MM-DDThh:mm:ss+hhmm"`,
    );
  if (!m) throw bad();
  const [y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m.slice(1, 8);
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, +ms.padEnd(3, '0'));
  const back = new Date(wall);
  if (back.getUTCMonth() !== +mo! - 1 || back.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59)
    throw bad();
  const offset = m[8];
  if (offset !== undefined) {
    if (offset === 'Z') return new Date(wall).toISOString();
    const digits = offset.replace(':', '');
    const minutes =
      (offset.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    return new Date(wall - minutes * 60_000).toISOString();
  }
  // Wall time in `zone`: subtract the zone's offset at that instant (twice, to land right across DST changes).
  let utc = wall - zoneOffsetMs(zone, wall, zonePath);
  utc = wall - zoneOffsetMs(zone, utc, zonePath);
  return new Date(utc).toISOString();
}

function zoneOffsetMs(zone: string, utcMs: number, path: string): number {
  let format = formatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw invalid(path, `"${zone}" is not a time zone name (e.g. "UTC", "Europe/Paris")`);
    }
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return local - Math.floor(utcMs / 1000) * 1000;
}
