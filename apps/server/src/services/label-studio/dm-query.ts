import { lsValidation } from './project.service.ts';

/**
 * Label Studio Data Manager queries: the `filters`, `ordering` and `selectedItems` that `GET /api/tasks/` (its
 * `query` parameter, or a view), a view's `data` and `POST /api/dm/actions` carry, as the SDKs build them
 * (`label_studio_sdk.data_manager`: `Filters.create(conjunction, [Filters.item("tasks:<column>", operator, type,
 * value)])`, e.g. the legacy `get_labeled_tasks()`'s `completed_at` `empty: false`). Parsed here into a checked
 * form (every error names its field); the repository turns that into SQL with bound values.
 */

/** Columns that hold one value per task, by what they hold. */
const NUMBER_COLUMNS = [
  'id',
  'inner_id',
  'total_annotations',
  'cancelled_annotations',
  'total_predictions',
  'predictions_score',
  'comment_count',
  'unresolved_comment_count',
] as const;
const DATETIME_COLUMNS = ['created_at', 'updated_at', 'completed_at'] as const;
/** Kept in Label Studio but never set here (no comments): always empty. */
const NULL_COLUMNS = ['last_comment_updated_at'] as const;

export type DmNumberColumn = (typeof NUMBER_COLUMNS)[number];
export type DmDatetimeColumn = (typeof DATETIME_COLUMNS)[number];
export type DmColumn =
  | { kind: 'number'; name: DmNumberColumn }
  | { kind: 'datetime'; name: DmDatetimeColumn }
  | { kind: 'null'; name: string }
  /** The served name of the uploaded file the task was made from (`file_upload`), if any. */
  | { kind: 'file_upload' }
  /** The key of the import storage object the task was made from (`storage_filename`), if any. */
  | { kind: 'storage_filename' }
  /** Whether any annotation of the task is a ground truth. */
  | { kind: 'ground_truth' }
  /** The users who annotated the task (Label Studio user ids). */
  | { kind: 'annotators' }
  /** The model versions of the task's predictions. */
  | { kind: 'model_versions' }
  /** A top-level key of the task's `data`, compared as `type` says (Number, Boolean, else text). */
  | { kind: 'data'; key: string; as: 'number' | 'boolean' | 'text' };

const ALIASES: Record<string, string> = { comments: 'comment_count' };

/** Columns of Label Studio Enterprise (reviews, agreement): refused by name rather than matching nothing. */
const ENTERPRISE_COLUMNS = new Set([
  'agreement',
  'reviewers',
  'reviewed',
  'reviews_accepted',
  'reviews_rejected',
  'annotations_ids',
  'predictions_results',
  'annotations_results',
  'avg_lead_time',
  'draft_exists',
]);

export type DmRange<T> = { min: T; max: T };
export type DmCondition =
  | { op: 'equal' | 'not_equal' | 'less' | 'greater' | 'less_or_equal' | 'greater_or_equal'; value: unknown }
  | { op: 'in' | 'not_in'; value: DmRange<unknown> }
  | { op: 'in_list' | 'not_in_list'; value: unknown[] }
  | { op: 'empty'; value: boolean }
  | { op: 'contains' | 'not_contains'; value: unknown };
export type DmFilter = { column: DmColumn } & DmCondition;
export type DmFilters = { conjunction: 'and' | 'or'; items: DmFilter[] };
export type DmOrder = { column: DmColumn; desc: boolean };
export type DmSelection =
  { all: true; excluded: ReadonlySet<number> } | { all: false; included: readonly number[] };

/** What selects and orders a page of tasks; every part optional (none: all tasks by id). */
export type DmQuery = { filters?: DmFilters; ordering?: DmOrder[]; selection?: DmSelection };

/** Most filter items, orderings and listed values one query may carry (each is a condition in SQL). */
export const MAX_FILTER_ITEMS = 50;
export const MAX_ORDERING = 5;
export const MAX_LIST_VALUES = 1_000;
/** Most task ids a `selectedItems` of a task list may name (actions take any number, a chunk at a time). */
export const MAX_SELECTED_IDS = 100_000;
/** Longest data key and text value compared. */
const MAX_TEXT = 4_096;

const OPERATORS = [
  'equal',
  'not_equal',
  'less',
  'greater',
  'less_or_equal',
  'greater_or_equal',
  'in',
  'not_in',
  'in_list',
  'not_in_list',
  'empty',
  'contains',
  'not_contains',
  'regex',
] as const;
type Operator = (typeof OPERATORS)[number];

/** The operators each kind of column takes (besides `empty`, which every column takes). */
const OPERATORS_OF: Record<
  DmColumn['kind'] | 'data_text' | 'data_number' | 'data_boolean',
  readonly Operator[]
> = {
  number: ['equal', 'not_equal', 'less', 'greater', 'less_or_equal', 'greater_or_equal', 'in', 'not_in'],
  datetime: ['equal', 'not_equal', 'less', 'greater', 'less_or_equal', 'greater_or_equal', 'in', 'not_in'],
  null: ['equal', 'not_equal', 'contains', 'not_contains'],
  file_upload: ['equal', 'not_equal', 'contains', 'not_contains'],
  storage_filename: ['equal', 'not_equal', 'contains', 'not_contains'],
  ground_truth: ['equal', 'not_equal'],
  annotators: ['contains', 'not_contains'],
  model_versions: ['contains', 'not_contains', 'equal', 'not_equal'],
  data: [],
  data_text: ['equal', 'not_equal', 'contains', 'not_contains', 'in_list', 'not_in_list'],
  data_number: ['equal', 'not_equal', 'less', 'greater', 'less_or_equal', 'greater_or_equal', 'in', 'not_in'],
  data_boolean: ['equal', 'not_equal'],
};

/** A client's name quoted in a message, cut short. */
const shown = (v: unknown) => {
  const text = String(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A column name as filters (`filter:tasks:total_annotations`) and orderings (`tasks:id`, `id`) spell it. */
function columnOf(raw: unknown, type: unknown, field: string): DmColumn {
  if (typeof raw !== 'string' || raw.length === 0) throw lsValidation(field, 'Not a valid string.');
  let name = raw.startsWith('filter:') ? raw.slice('filter:'.length) : raw;
  if (name.startsWith('tasks:')) name = name.slice('tasks:'.length);
  if (name.startsWith('data.')) {
    const key = name.slice('data.'.length);
    if (key.length === 0 || key.length > MAX_TEXT)
      throw lsValidation(field, `"${shown(raw)}" names no data key.`);
    const as = type === 'Number' ? 'number' : type === 'Boolean' ? 'boolean' : 'text';
    return { kind: 'data', key, as };
  }
  name = ALIASES[name] ?? name;
  if ((NUMBER_COLUMNS as readonly string[]).includes(name))
    return { kind: 'number', name: name as DmNumberColumn };
  if ((DATETIME_COLUMNS as readonly string[]).includes(name))
    return { kind: 'datetime', name: name as DmDatetimeColumn };
  if ((NULL_COLUMNS as readonly string[]).includes(name)) return { kind: 'null', name };
  if (name === 'file_upload') return { kind: 'file_upload' };
  if (name === 'storage_filename') return { kind: 'storage_filename' };
  if (name === 'ground_truth') return { kind: 'ground_truth' };
  if (name === 'annotators') return { kind: 'annotators' };
  if (name === 'predictions_model_versions') return { kind: 'model_versions' };
  if (ENTERPRISE_COLUMNS.has(name))
    throw lsValidation(field, `"${shown(raw)}" is not a column this server filters or orders by.`);
  throw lsValidation(field, `"${shown(raw)}" is not a task column (tasks:<column> or tasks:data.<key>).`);
}

const operatorsOf = (column: DmColumn): readonly Operator[] =>
  column.kind === 'data' ? OPERATORS_OF[`data_${column.as}`] : OPERATORS_OF[column.kind];

/** A scalar filter value of the column's kind, in the form the database compares. */
function scalarOf(column: DmColumn, value: unknown, field: string): unknown {
  const kind = column.kind === 'data' ? column.as : column.kind;
  switch (kind) {
    case 'number':
      return numberOf(value, field);
    case 'annotators': {
      const n = numberOf(value, field);
      if (!Number.isSafeInteger(n)) throw lsValidation(field, 'A valid integer is required.');
      return n;
    }
    case 'datetime': {
      const t = typeof value === 'string' && value.length <= 64 ? Date.parse(value) : NaN;
      if (!Number.isFinite(t)) throw lsValidation(field, 'Expected a date and time (ISO 8601).');
      return new Date(t).toISOString();
    }
    case 'boolean':
    case 'ground_truth':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw lsValidation(field, 'Must be a valid boolean.');
    case 'model_versions':
    case 'null':
    case 'file_upload':
    case 'storage_filename':
    case 'text': {
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value !== 'string') throw lsValidation(field, 'Not a valid string.');
      if (value.length > MAX_TEXT)
        throw lsValidation(field, `Ensure this field has no more than ${MAX_TEXT} characters.`);
      return value;
    }
  }
}

function numberOf(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw lsValidation(field, 'A valid number is required.');
  return n;
}

function filterOf(raw: unknown, field: string): DmFilter {
  if (!isRecord(raw)) throw lsValidation(field, 'Expected a dictionary of items.');
  const column = columnOf(raw.filter, raw.type, `${field}.filter`);
  const op = raw.operator;
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op))
    throw lsValidation(`${field}.operator`, `"${shown(op)}" is not one of ${OPERATORS.join(', ')}.`);
  const value = raw.value;
  const at = `${field}.value`;
  if (op === 'empty') {
    if (typeof value === 'boolean') return { column, op, value };
    if (value === 'true' || value === 'false') return { column, op, value: value === 'true' };
    throw lsValidation(at, 'Must be a valid boolean.');
  }
  if (op === 'regex')
    throw lsValidation(`${field}.operator`, 'Regular expressions are not served here; use contains.');
  if (!operatorsOf(column).includes(op as Operator))
    throw lsValidation(
      `${field}.operator`,
      `"${op}" does not apply to ${shown(raw.filter)}; use one of ${['empty', ...operatorsOf(column)].join(', ')}.`,
    );
  if (op === 'in' || op === 'not_in') {
    if (!isRecord(value) || !('min' in value) || !('max' in value))
      throw lsValidation(at, 'Expected {"min": …, "max": …}.');
    return {
      column,
      op,
      value: { min: scalarOf(column, value.min, `${at}.min`), max: scalarOf(column, value.max, `${at}.max`) },
    };
  }
  if (op === 'in_list' || op === 'not_in_list') {
    if (!Array.isArray(value)) throw lsValidation(at, 'Expected a list of items.');
    if (value.length > MAX_LIST_VALUES)
      throw lsValidation(at, `Ensure this field has no more than ${MAX_LIST_VALUES} elements.`);
    return { column, op, value: value.map((v, i) => scalarOf(column, v, `${at}.${i}`)) };
  }
  return { column, op, value: scalarOf(column, value, at) } as DmFilter;
}

/** `{"conjunction": "and" | "or", "items": [...]}`; null, `{}` or no items is no filter. */
export function parseDmFilters(raw: unknown, field: string): DmFilters | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw lsValidation(field, 'Expected a dictionary of items.');
  const conjunction = raw.conjunction ?? 'and';
  if (conjunction !== 'and' && conjunction !== 'or')
    throw lsValidation(`${field}.conjunction`, '"and" or "or" is required.');
  const items = raw.items ?? [];
  if (!Array.isArray(items)) throw lsValidation(`${field}.items`, 'Expected a list of items.');
  if (items.length > MAX_FILTER_ITEMS)
    throw lsValidation(`${field}.items`, `Ensure this field has no more than ${MAX_FILTER_ITEMS} elements.`);
  if (items.length === 0) return undefined;
  return { conjunction, items: items.map((item, i) => filterOf(item, `${field}.items.${i}`)) };
}

/** Columns a page may be ordered by (one value per task). */
const orderable = (column: DmColumn) =>
  column.kind === 'number' || column.kind === 'datetime' || column.kind === 'data';

/** `["-completed_at"]`, `["tasks:total_annotations"]`: a leading `-` is descending; ties go by task id. */
export function parseDmOrdering(raw: unknown, field: string): DmOrder[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw lsValidation(field, 'Expected a list of items.');
  if (raw.length > MAX_ORDERING)
    throw lsValidation(field, `Ensure this field has no more than ${MAX_ORDERING} elements.`);
  const out = raw.map((item, i): DmOrder => {
    if (typeof item !== 'string') throw lsValidation(`${field}.${i}`, 'Not a valid string.');
    const desc = item.startsWith('-');
    const column = columnOf(desc ? item.slice(1) : item, 'String', `${field}.${i}`);
    if (!orderable(column)) throw lsValidation(`${field}.${i}`, `Tasks are not ordered by "${shown(item)}".`);
    return { column, desc };
  });
  return out.length > 0 ? out : undefined;
}

export function parseTaskIds(value: unknown, field: string, max = Infinity, what = 'task ids'): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw lsValidation(field, `Expected a list of ${what}.`);
  if (value.length > max) throw lsValidation(field, `Ensure this field has no more than ${max} elements.`);
  return value.map((v, i) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
      throw lsValidation(`${field}.${i}`, 'A valid integer is required.');
    return n;
  });
}

/** A view id (a number or its digits); none (absent, empty or 0) is undefined; anything else a 400 naming `field`. */
export function parseViewId(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return undefined;
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
    throw lsValidation(field, 'A valid integer is required.');
  return id;
}

/** `{"all": false, "included": [...]}` or `{"all": true, "excluded": [...]}`. */
export function parseDmSelection(raw: unknown, field: string, max = Infinity): DmSelection | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw lsValidation(field, 'Expected a dictionary of items.');
  if (typeof raw.all !== 'boolean') throw lsValidation(`${field}.all`, 'Must be a valid boolean.');
  return raw.all
    ? { all: true, excluded: new Set(parseTaskIds(raw.excluded, `${field}.excluded`, max)) }
    : { all: false, included: [...new Set(parseTaskIds(raw.included, `${field}.included`, max))] };
}

/** The parts of a query object (`{"filters", "ordering", "selectedItems"}`), each field named under `prefix`. */
export function parseDmQuery(raw: Record<string, unknown>, prefix: string): DmQuery {
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const query: DmQuery = {};
  const filters = parseDmFilters(raw.filters, at('filters'));
  if (filters) query.filters = filters;
  const ordering = parseDmOrdering(raw.ordering, at('ordering'));
  if (ordering) query.ordering = ordering;
  const selection = parseDmSelection(raw.selectedItems, at('selectedItems'), MAX_SELECTED_IDS);
  if (selection && !(selection.all && selection.excluded.size === 0)) query.selection = selection;
  return query;
}

/** `base` with each part `over` sets replaced (a task list's `query` over its view's). */
export const mergeDmQuery = (base: DmQuery, over: DmQuery): DmQuery => ({ ...base, ...over });
