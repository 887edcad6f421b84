import { invalid } from '../errors.ts';
import {
  PROJECT_FILTER_COLUMNS,
  type FilterOp,
  type FilterValue,
  type ProjectFilter,
  type ProjectFilterField,
  type ProjectOrder,
} from '../repositories/project.repository.ts';

const SUFFIXES: Array<[string, FilterOp]> = [
  ['_not_in', 'not_in'],
  ['_not', 'not'],
  ['_lte', 'lte'],
  ['_gte', 'gte'],
  ['_lt', 'lt'],
  ['_gt', 'gt'],
  ['_in', 'in'],
];
const BOOLEAN_FIELDS = new Set<ProjectFilterField>(['isBenchmarkEnabled', 'isConsensusEnabled', 'deleted']);

function isField(name: string): name is ProjectFilterField {
  return Object.hasOwn(PROJECT_FILTER_COLUMNS, name);
}

function splitKey(key: string): { field: ProjectFilterField; op: FilterOp } | undefined {
  if (isField(key)) return { field: key, op: 'eq' };
  for (const [suffix, op] of SUFFIXES) {
    const base = key.slice(0, -suffix.length);
    if (key.endsWith(suffix) && isField(base)) return { field: base, op };
  }
  return undefined;
}

function scalar(field: ProjectFilterField, value: unknown, path: string): FilterValue {
  if (value === null) return null;
  if (BOOLEAN_FIELDS.has(field)) {
    if (typeof value !== 'boolean') throw invalid(path, 'must be a boolean');
    return value ? 1 : 0;
  }
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw invalid(path, 'must be a string or a number');
}

/**
 * Turns a Prisma-1 style `ProjectWhereInput` (`{AND: [{name: $p0}, {deleted: $p1}]}`, suffixes `_not _lt _gt _lte
 * _gte _in _not_in`) into a filter tree; an empty object means no filter.
 */
export function parseProjectWhere(where: unknown, path = 'where'): ProjectFilter | undefined {
  if (where === null || where === undefined) return undefined;
  if (typeof where !== 'object' || Array.isArray(where)) throw invalid(path, 'must be an object');
  const items: ProjectFilter[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === null) continue;
      const list = Array.isArray(value) ? value : [value];
      const parts = list
        .map((w, i) => parseProjectWhere(w, `${path}.${key}[${i}]`))
        .filter((f): f is ProjectFilter => f !== undefined);
      if (parts.length > 0)
        items.push({ kind: key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not', items: parts });
      continue;
    }
    const parsed = splitKey(key);
    if (!parsed) throw invalid(`${path}.${key}`, 'is not a filterable Project field');
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
export function parseProjectOrder(orderBy: string | null | undefined): ProjectOrder | undefined {
  if (!orderBy) return undefined;
  const match = /^(\w+)_(ASC|DESC)$/.exec(orderBy);
  const field = match?.[1];
  if (!match || !field || !isField(field))
    throw invalid('orderBy', `"${orderBy}" is not <ProjectField>_ASC or _DESC`);
  return { field, direction: match[2] === 'ASC' ? 'asc' : 'desc' };
}
