import { invalid } from '../errors.ts';
import {
  DATASET_FILTER_COLUMNS,
  type DatasetFilter,
  type DatasetFilterField,
  type DatasetFilterOp,
  type DatasetFilterValue,
  type DatasetOrder,
} from '../repositories/dataset.repository.ts';
import { parseDateTime } from '../time.ts';

// Longest suffixes first, so that `name_not_in` is not read as `name_not` + `_in`.
const SUFFIXES: Array<[string, DatasetFilterOp]> = [
  ['_not_contains', 'not_contains'],
  ['_starts_with', 'starts_with'],
  ['_ends_with', 'ends_with'],
  ['_contains', 'contains'],
  ['_not_in', 'not_in'],
  ['_not', 'not'],
  ['_lte', 'lte'],
  ['_gte', 'gte'],
  ['_lt', 'lt'],
  ['_gt', 'gt'],
  ['_in', 'in'],
];

function isField(name: string): name is DatasetFilterField {
  return Object.hasOwn(DATASET_FILTER_COLUMNS, name);
}

function splitKey(key: string): { field: DatasetFilterField; op: DatasetFilterOp } | undefined {
  if (isField(key)) return { field: key, op: 'eq' };
  for (const [suffix, op] of SUFFIXES) {
    const base = key.slice(0, -suffix.length);
    if (key.endsWith(suffix) && isField(base)) return { field: base, op };
  }
  return undefined;
}

function scalar(field: DatasetFilterField, value: unknown, path: string): DatasetFilterValue {
  if (value === null) return null;
  switch (field) {
    case 'deleted':
      if (typeof value !== 'boolean') throw invalid(path, 'must be a boolean');
      return value ? 1 : 0;
    case 'rowCount':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(path, 'must be an integer');
      return value;
    case 'createdAt':
    case 'updatedAt': {
      const iso = typeof value === 'string' ? parseDateTime(value) : null;
      if (iso === null) throw invalid(path, 'must be an ISO-8601 date-time');
      return iso;
    }
    case 'id':
    case 'name':
    case 'description':
      if (typeof value !== 'string') throw invalid(path, 'must be a string');
      return value;
  }
}

/**
 * Turns a Prisma-1 style `DatasetWhereInput` (`{AND: [{name: $p0}, {deleted: $p1}]}`, suffixes `_not _lt _gt _lte
 * _gte _in _not_in _contains _not_contains _starts_with _ends_with`, `OR`, `NOT`) into a filter tree.
 */
export function parseDatasetWhere(where: unknown, path = 'where'): DatasetFilter | undefined {
  if (where === null || where === undefined) return undefined;
  if (typeof where !== 'object' || Array.isArray(where)) throw invalid(path, 'must be an object');
  const items: DatasetFilter[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === null) continue;
      const list: unknown[] = Array.isArray(value) ? value : [value];
      const parts = list
        .map((w, i) => parseDatasetWhere(w, `${path}.${key}[${i}]`))
        .filter((f): f is DatasetFilter => f !== undefined);
      if (parts.length > 0)
        items.push({ kind: key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not', items: parts });
      continue;
    }
    const parsed = splitKey(key);
    if (!parsed) throw invalid(`${path}.${key}`, 'is not a filterable Dataset field');
    const fieldPath = `${path}.${key}`;
    if (parsed.op === 'in' || parsed.op === 'not_in') {
      if (!Array.isArray(value)) throw invalid(fieldPath, 'must be a list');
      items.push({
        kind: 'leaf',
        ...parsed,
        value: value.map((v, i) => scalar(parsed.field, v, `${fieldPath}[${i}]`)),
      });
    } else {
      items.push({ kind: 'leaf', ...parsed, value: scalar(parsed.field, value, fieldPath) });
    }
  }
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

/** `name_ASC` → order by name ascending. */
export function parseDatasetOrder(orderBy: string | null | undefined): DatasetOrder | undefined {
  if (!orderBy) return undefined;
  const match = /^(\w+)_(ASC|DESC)$/.exec(orderBy);
  const field = match?.[1];
  if (!match || !field || !isField(field))
    throw invalid('orderBy', `"${orderBy}" is not <DatasetField>_ASC or _DESC`);
  return { field, direction: match[2] === 'ASC' ? 'asc' : 'desc' };
}
