import { invalid } from '../errors.ts';
import type { Filter, FilterOp, FilterValue, Order } from '../repositories/where-sql.ts';
import { parseDateTime } from '../time.ts';

/** How a filterable field's values are checked; booleans become 0/1 as they are stored. */
export type FieldType = 'string' | 'boolean' | 'integer' | 'number' | 'datetime';

// Longest suffixes first, so that `name_not_in` is not read as `name_not` + `_in`.
const SUFFIXES: Array<[string, FilterOp]> = [
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
const STRING_OPS = new Set<FilterOp>(['contains', 'not_contains', 'starts_with', 'ends_with']);

/** A field's type, optionally with a mapping of its (checked) value to what is stored. */
export type FieldSpec = FieldType | { type: FieldType; map: (value: FilterValue) => FilterValue };

/**
 * An entity's filterable fields: GraphQL name → type. Dotted names are fields of related records, written nested
 * in the input (`dataRow.dataset.id` ← `{dataRow: {dataset: {id: …}}}`). `constants` are fields that decide the
 * whole filter by their value (e.g. `deleted: false` on entities that are never soft-deleted).
 */
export type WhereSpec<F extends string> = {
  entity: string;
  fields: Record<F, FieldSpec>;
  constants?: Record<string, (value: unknown) => boolean>;
};

function scalar(spec: FieldSpec, value: unknown, path: string): FilterValue {
  if (value === null) return null;
  if (typeof spec !== 'string') return spec.map(scalar(spec.type, value, path));
  switch (spec) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(path, 'must be a boolean');
      return value ? 1 : 0;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(path, 'must be an integer');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(path, 'must be a number');
      return value;
    case 'datetime': {
      const iso = typeof value === 'string' ? parseDateTime(value) : null;
      if (iso === null) throw invalid(path, 'must be an ISO-8601 date-time');
      return iso;
    }
    case 'string':
      if (typeof value !== 'string') throw invalid(path, 'must be a string');
      return value;
  }
}

/**
 * Parses a Prisma-1 style `<Entity>WhereInput` as the Labelbox SDK sends it (`{AND: [{name: $p0}, {deleted: $p1}]}`,
 * suffixes `_not _lt _gt _lte _gte _in _not_in _contains _not_contains _starts_with _ends_with`, `OR`, `NOT`) into a
 * filter tree; an empty object means no filter. Errors name the offending path.
 */
export function parseWhereInput<F extends string>(
  spec: WhereSpec<F>,
  where: unknown,
  path = 'where',
  prefix = '',
): Filter<F> | undefined {
  if (where === null || where === undefined) return undefined;
  if (typeof where !== 'object' || Array.isArray(where)) throw invalid(path, 'must be an object');
  const isField = (name: string): name is F => Object.hasOwn(spec.fields, name);
  const isRelation = (name: string) => Object.keys(spec.fields).some((f) => f.startsWith(`${name}.`));
  const items: Filter<F>[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const fieldPath = `${path}.${key}`;
    const name = prefix + key;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === null) continue;
      const list: unknown[] = Array.isArray(value) ? value : [value];
      const parts = list
        .map((w, i) => parseWhereInput(spec, w, `${fieldPath}[${i}]`, prefix))
        .filter((f): f is Filter<F> => f !== undefined);
      if (parts.length > 0)
        items.push({ kind: key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not', items: parts });
      continue;
    }
    const constant = spec.constants?.[name];
    if (constant) {
      if (value !== null) items.push({ kind: 'const', value: constant(value) });
      continue;
    }
    if (!isField(name) && isRelation(name)) {
      const nested = parseWhereInput(spec, value, fieldPath, `${name}.`);
      if (nested) items.push(nested);
      continue;
    }
    let field: F | undefined;
    let op: FilterOp = 'eq';
    if (isField(name)) field = name;
    else {
      for (const [suffix, suffixOp] of SUFFIXES) {
        const base = name.slice(0, -suffix.length);
        if (name.endsWith(suffix) && isField(base)) {
          field = base;
          op = suffixOp;
          break;
        }
      }
    }
    if (field === undefined) throw invalid(fieldPath, `is not a filterable ${spec.entity} field`);
    const fieldSpec = spec.fields[field];
    const type = typeof fieldSpec === 'string' ? fieldSpec : fieldSpec.type;
    if (STRING_OPS.has(op) && type !== 'string')
      throw invalid(fieldPath, `${op} applies to text fields only`);
    if (op === 'in' || op === 'not_in') {
      if (!Array.isArray(value)) throw invalid(fieldPath, 'must be a list');
      items.push({
        kind: 'leaf',
        field,
        op,
        value: value.map((v, i) => scalar(fieldSpec, v, `${fieldPath}[${i}]`)),
      });
    } else {
      items.push({ kind: 'leaf', field, op, value: scalar(fieldSpec, value, fieldPath) });
    }
  }
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

/** `name_ASC` → order by name ascending. */
export function parseOrderBy<F extends string>(
  spec: WhereSpec<F>,
  orderBy: string | null | undefined,
): Order<F> | undefined {
  if (!orderBy) return undefined;
  const match = /^(\w+)_(ASC|DESC)$/.exec(orderBy);
  const field = match?.[1];
  if (!match || !field || field.includes('.') || !Object.hasOwn(spec.fields, field)) {
    throw invalid('orderBy', `"${orderBy}" is not <${spec.entity}Field>_ASC or _DESC`);
  }
  return { field: field as F, direction: match[2] === 'ASC' ? 'asc' : 'desc' };
}
