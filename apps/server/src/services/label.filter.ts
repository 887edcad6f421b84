import { invalid } from '../errors.ts';
import type {
  LabelColumn,
  LabelDataRowColumn,
  LabelFilter,
  LabelFilterOp,
  LabelFilterValue,
  LabelOrder,
} from '../repositories/label.repository.ts';
import { labelTypeById, labelTypeByName } from './label.types.ts';

/**
 * `LabelWhereInput` (Prisma-1 style) → filter tree. Besides scalar fields with `_not _lt _gt _lte _gte _in _not_in`,
 * it follows the relations Labelbox's documented scripts and the SDK use: `createdBy: {id}`, `type: {id | name}`,
 * `dataRow: {id, globalKey, externalId, dataset: {id | id_in}}`. Labels are never soft-deleted, so `deleted: false`
 * (which the SDK adds to filtered relations) matches every label.
 */
const SCALARS: Record<string, { column: LabelColumn; kind: 'text' | 'number' | 'boolean' }> = {
  id: { column: 'id', kind: 'text' },
  createdAt: { column: 'created_at', kind: 'text' },
  updatedAt: { column: 'updated_at', kind: 'text' },
  agreement: { column: 'agreement', kind: 'number' },
  benchmarkAgreement: { column: 'benchmark_agreement', kind: 'number' },
  secondsToLabel: { column: 'seconds_to_label', kind: 'number' },
  secondsToReview: { column: 'seconds_to_review', kind: 'number' },
  isBenchmarkReference: { column: 'is_benchmark_reference', kind: 'boolean' },
};
const DATA_ROW_FIELDS: Record<string, LabelDataRowColumn> = {
  globalKey: 'global_key',
  externalId: 'external_id',
};
const SUFFIXES: Array<[string, LabelFilterOp]> = [
  ['_not_in', 'not_in'],
  ['_not', 'not'],
  ['_lte', 'lte'],
  ['_gte', 'gte'],
  ['_lt', 'lt'],
  ['_gt', 'gt'],
  ['_in', 'in'],
];

function splitKey(key: string): { field: string; op: LabelFilterOp } {
  for (const [suffix, op] of SUFFIXES)
    if (key.endsWith(suffix)) return { field: key.slice(0, -suffix.length), op };
  return { field: key, op: 'eq' };
}

function scalar(kind: 'text' | 'number' | 'boolean', value: unknown, path: string): LabelFilterValue {
  if (value === null) return null;
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') throw invalid(path, 'must be a boolean');
    return value ? 1 : 0;
  }
  if (kind === 'number' && typeof value !== 'number') throw invalid(path, 'must be a number');
  if (kind === 'text' && typeof value !== 'string') throw invalid(path, 'must be a string');
  return value as string | number;
}

function values(
  op: LabelFilterOp,
  value: unknown,
  path: string,
  each: (v: unknown, p: string) => LabelFilterValue,
) {
  if (op !== 'in' && op !== 'not_in') return each(value, path);
  if (!Array.isArray(value)) throw invalid(path, 'must be a list');
  return value.map((v, i) => each(v, `${path}[${i}]`));
}

const asObject = (value: unknown, path: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(path, 'must be an object');
  return value as Record<string, unknown>;
};

/** Keys of a nested relation filter (`{id, id_in}` and friends) as (column, op, value) leaves. */
function relation(
  where: unknown,
  path: string,
  fields: Record<string, (v: unknown, p: string) => LabelFilterValue>,
  leaf: (field: string, op: LabelFilterOp, value: LabelFilterValue | LabelFilterValue[]) => LabelFilter,
  nested: Record<string, (v: unknown, p: string) => LabelFilter[]> = {},
): LabelFilter[] {
  const out: LabelFilter[] = [];
  for (const [key, value] of Object.entries(asObject(where, path))) {
    if (value === undefined) continue;
    const at = `${path}.${key}`;
    if (Object.hasOwn(nested, key)) {
      if (value !== null) out.push(...nested[key]!(value, at));
      continue;
    }
    const { field, op } = splitKey(key);
    const read = fields[field];
    if (!read)
      throw invalid(
        at,
        `is not a filter field here (use ${Object.keys({ ...fields, ...nested }).join(', ')})`,
      );
    out.push(leaf(field, op, values(op, value, at, read)));
  }
  return out;
}

const text = (v: unknown, p: string) => scalar('text', v, p);

export function parseLabelWhere(where: unknown, path = 'where'): LabelFilter | undefined {
  if (where === null || where === undefined) return undefined;
  const items: LabelFilter[] = [];
  for (const [key, value] of Object.entries(asObject(where, path))) {
    if (value === undefined) continue;
    const at = `${path}.${key}`;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === null) continue;
      const list = Array.isArray(value) ? value : [value];
      const parts = list.map((w, i) => parseLabelWhere(w, `${at}[${i}]`)).filter((f) => f !== undefined);
      if (parts.length > 0)
        items.push({ kind: key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not', items: parts });
      continue;
    }
    if (key === 'deleted') {
      if (value !== null) items.push({ kind: 'const', value: value === false });
      continue;
    }
    if (value === null && (key === 'createdBy' || key === 'type' || key === 'dataRow')) continue;
    if (key === 'createdBy') {
      items.push(
        ...relation(value, at, { id: text }, (_f, op, v) => ({
          kind: 'leaf',
          column: 'created_by',
          op,
          value: v,
        })),
      );
      continue;
    }
    if (key === 'type') {
      // Type ids and names map to the stored SUBMITTED / SKIPPED; an unknown one matches nothing.
      const byId = (v: unknown, p: string) =>
        text(v, p) === null ? null : (labelTypeById(v as string)?.key ?? '?');
      const byName = (v: unknown, p: string) =>
        text(v, p) === null ? null : (labelTypeByName(v as string)?.key ?? '?');
      items.push(
        ...relation(value, at, { id: byId, name: byName }, (_f, op, v) => ({
          kind: 'leaf',
          column: 'type',
          op,
          value: v,
        })),
      );
      continue;
    }
    if (key === 'dataRow') {
      const dataset = (v: unknown, p: string) =>
        relation(v, p, { id: text }, (_f, op, val) => ({
          kind: 'dataRow',
          column: 'dataset_id',
          op,
          value: val,
        }));
      items.push(
        ...relation(
          value,
          at,
          { id: text, globalKey: text, externalId: text },
          (field, op, v): LabelFilter =>
            field === 'id'
              ? { kind: 'leaf', column: 'data_row_id', op, value: v }
              : { kind: 'dataRow', column: DATA_ROW_FIELDS[field]!, op, value: v },
          { dataset },
        ),
      );
      continue;
    }
    const { field, op } = splitKey(key);
    const spec = SCALARS[field];
    if (!spec) throw invalid(at, 'is not a filterable Label field');
    items.push({
      kind: 'leaf',
      column: spec.column,
      op,
      value: values(op, value, at, (v, p) => scalar(spec.kind, v, p)),
    });
  }
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

/** `createdAt_ASC` → order by created_at ascending. */
export function parseLabelOrder(orderBy: string | null | undefined): LabelOrder | undefined {
  if (!orderBy) return undefined;
  const match = /^(\w+)_(ASC|DESC)$/.exec(orderBy);
  const spec = match ? SCALARS[match[1]!] : undefined;
  if (!match || !spec) throw invalid('orderBy', `"${orderBy}" is not <LabelField>_ASC or _DESC`);
  return { column: spec.column, direction: match[2] === 'ASC' ? 'asc' : 'desc' };
}
