import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { DmColumn, DmFilter, DmQuery, DmSelection } from '../services/label-studio/dm-query.ts';

/**
 * A Data Manager query (services/label-studio/dm-query.ts) as SQL over a project's tasks: `ls_refs as r` (the
 * task) joined to `data_rows as d` (its row). Every value the client chose is a bound parameter, including data
 * keys and id lists (one JSON parameter, however long). Counts and the completion time are correlated subqueries
 * on `labels (data_row_id, project_id)` and `prelabels (project_id, data_row_id)`, so a page costs an index probe
 * per task it looks at.
 */
export type TaskQuerySql = {
  where?: RawBuilder<SqlBool>;
  order?: Array<{ expr: RawBuilder<unknown>; desc: boolean }>;
};

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

/**
 * The task's labels (annotations), in `from … where …` form for a subquery. On SQLite `+` keeps the planner on the
 * `(data_row_id, project_id)` index: without statistics it served `max(created_at)` from `(project_id,
 * created_at)`, reading every label of the project for each task (100,000 tasks: minutes instead of 0.6 s).
 */
const labelsOf = (dialect: Dialect) =>
  dialect === 'postgres'
    ? sql`from labels l where l.data_row_id = r.ref_id and l.project_id = r.project_id`
    : sql`from labels l where l.data_row_id = r.ref_id and +l.project_id = r.project_id`;
const PREDICTIONS = sql`from prelabels p
  join ls_refs pr on pr.kind = 'prediction' and pr.ref_id = p.id and pr.project_id = p.project_id
  where p.project_id = r.project_id and p.data_row_id = r.ref_id`;

export function taskQuerySql(
  query: DmQuery,
  dialect: Dialect,
  mainKey: string | undefined,
  options: {
    /** Only tasks with at least one annotation (`only_annotated`). */
    onlyAnnotated?: boolean;
    /** Whether the query's ordering applies (keyset scans go by id). */
    ordered?: boolean;
  } = {},
): TaskQuerySql {
  const out: TaskQuerySql = {};
  const parts: RawBuilder<SqlBool>[] = [];
  if (options.onlyAnnotated) parts.push(sql<SqlBool>`exists (select 1 ${labelsOf(dialect)})`);
  if (query.filters) {
    const items = query.filters.items.map((f) => condition(f, dialect, mainKey));
    parts.push(
      sql<SqlBool>`(${sql.join(items, query.filters.conjunction === 'or' ? sql` or ` : sql` and `)})`,
    );
  }
  if (query.selection) parts.push(selectionSql(query.selection, dialect));
  if (parts.length > 0) out.where = sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  if (query.ordering && options.ordered !== false)
    out.order = query.ordering.map((o) => ({ expr: valueOf(o.column, dialect, mainKey), desc: o.desc }));
  return out;
}

function selectionSql(selection: DmSelection, dialect: Dialect): RawBuilder<SqlBool> {
  const ids = selection.all ? [...selection.excluded] : [...selection.included];
  if (ids.length === 0) return selection.all ? TRUE : FALSE;
  const json = JSON.stringify(ids);
  const list =
    dialect === 'postgres'
      ? sql`(select cast(v as bigint) from jsonb_array_elements_text(cast(${json} as jsonb)) as v)`
      : sql`(select value from json_each(${json}))`;
  return selection.all ? sql<SqlBool>`r.ls_id not in ${list}` : sql<SqlBool>`r.ls_id in ${list}`;
}

/** One value per task for a column that has one (numbers, times, data keys); others have none. */
function valueOf(column: DmColumn, dialect: Dialect, mainKey: string | undefined): RawBuilder<unknown> {
  switch (column.kind) {
    case 'number':
      switch (column.name) {
        case 'id':
        case 'inner_id':
          return sql`r.ls_id`;
        case 'total_annotations':
          return sql`(select count(*) ${labelsOf(dialect)} and l.type <> 'SKIPPED')`;
        case 'cancelled_annotations':
          return sql`(select count(*) ${labelsOf(dialect)} and l.type = 'SKIPPED')`;
        case 'total_predictions':
          return sql`(select count(*) from prelabels p where p.project_id = r.project_id and p.data_row_id = r.ref_id)`;
        case 'predictions_score':
          return dialect === 'postgres'
            ? sql`(select avg(cast(pr.data::jsonb ->> 'score' as double precision)) ${PREDICTIONS})`
            : sql`(select avg(json_extract(pr.data, '$.score')) ${PREDICTIONS})`;
        case 'comment_count':
        case 'unresolved_comment_count':
          return sql`0`;
      }
      break;
    case 'datetime':
      if (column.name === 'created_at') return sql`d.created_at`;
      if (column.name === 'updated_at') return sql`d.updated_at`;
      return sql`(select max(l.created_at) ${labelsOf(dialect)} and l.type <> 'SKIPPED')`;
    case 'data':
      return dataValue(column.key, column.as, dialect, mainKey);
    case 'file_upload':
      return sql`(select u.ref_id from ls_refs u where u.ls_id = r.file_upload_id and u.kind = 'file_upload')`;
    case 'storage_filename':
      return dialect === 'postgres'
        ? sql`(r.data::jsonb ->> 'storage_filename')`
        : sql`json_extract(r.data, '$.storage_filename')`;
    case 'null':
    case 'ground_truth':
    case 'annotators':
    case 'model_versions':
      return sql`null`;
  }
  return sql`null`;
}

/**
 * A top-level key of the task's `data` (`ls_refs.data` holds `{"data": …, "meta": …}`; a task made through the
 * other face has none, and its main key is the row's `row_data`): text, a number (JSON numbers only) or a boolean
 * (1 / 0).
 */
function dataValue(
  key: string,
  as: 'number' | 'boolean' | 'text',
  dialect: Dialect,
  mainKey: string | undefined,
): RawBuilder<unknown> {
  let value: RawBuilder<unknown>;
  if (dialect === 'postgres') {
    const jv = sql`(r.data::jsonb -> 'data' -> cast(${key} as text))`;
    value =
      as === 'number'
        ? sql`(case when jsonb_typeof(${jv}) = 'number' then cast(${jv} #>> '{}' as double precision) end)`
        : as === 'boolean'
          ? sql`(case jsonb_typeof(${jv}) when 'boolean' then (case when (${jv} #>> '{}') = 'true' then 1 else 0 end) end)`
          : sql`(case when jsonb_typeof(${jv}) <> 'null' then ${jv} #>> '{}' end)`;
  } else {
    const projection =
      as === 'number'
        ? sql`case when j.type in ('integer', 'real') then j.value end`
        : as === 'boolean'
          ? sql`case j.type when 'true' then 1 when 'false' then 0 end`
          : sql`case j.type when 'true' then 'true' when 'false' then 'false' when 'null' then null else cast(j.value as text) end`;
    value = sql`(select ${projection} from json_each(r.data, '$.data') j where j.key = ${key})`;
  }
  if (key === mainKey && as === 'text')
    return sql`(case when r.data is null then d.row_data else ${value} end)`;
  return value;
}

const likePattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function contains(expr: RawBuilder<unknown>, value: string, dialect: Dialect): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${expr} ilike ${likePattern(value)} escape '\\'`
    : sql<SqlBool>`cast(${expr} as text) like ${likePattern(value)} escape '\\'`;
}

/** A bound number, typed for PostgreSQL (which would otherwise infer the other side's type, e.g. bigint). */
const num = (v: unknown, dialect: Dialect) =>
  dialect === 'postgres' ? sql`cast(${v} as double precision)` : sql`${v}`;

function condition(f: DmFilter, dialect: Dialect, mainKey: string | undefined): RawBuilder<SqlBool> {
  const { column } = f;
  const negated =
    f.op === 'not_equal' || f.op === 'not_in' || f.op === 'not_in_list' || f.op === 'not_contains';
  const not = (c: RawBuilder<SqlBool>) => sql<SqlBool>`(not ${c})`;
  switch (column.kind) {
    case 'null':
      // Never set here: empty is always true, any value never matches (and never is always true).
      if (f.op === 'empty') return f.value ? TRUE : FALSE;
      return negated ? TRUE : FALSE;
    case 'ground_truth': {
      const has = sql<SqlBool>`exists (select 1 ${labelsOf(dialect)} and l.is_benchmark_reference = 1)`;
      if (f.op === 'empty') return f.value ? FALSE : TRUE;
      return (f.value === true) !== negated ? has : not(has);
    }
    case 'annotators': {
      if (f.op === 'empty') {
        const any = sql<SqlBool>`exists (select 1 ${labelsOf(dialect)})`;
        return f.value ? not(any) : any;
      }
      const by = sql<SqlBool>`exists (select 1 ${labelsOf(dialect)} and exists (select 1 from ls_refs u
        where u.kind = 'user' and u.ref_id = l.created_by and u.project_id = l.organization_id and u.ls_id = ${num(f.value, dialect)}))`;
      return negated ? not(by) : by;
    }
    case 'model_versions': {
      const version =
        dialect === 'postgres'
          ? sql`coalesce(pr.data::jsonb ->> 'modelVersion', '')`
          : sql`coalesce(json_extract(pr.data, '$.modelVersion'), '')`;
      if (f.op === 'empty') {
        const any = sql<SqlBool>`exists (select 1 ${PREDICTIONS} and ${version} <> '')`;
        return f.value ? not(any) : any;
      }
      const has = sql<SqlBool>`exists (select 1 ${PREDICTIONS} and ${version} = ${String(f.value)})`;
      return negated ? not(has) : has;
    }
    case 'number':
    case 'datetime':
    case 'data':
    case 'file_upload':
    case 'storage_filename':
      break;
  }
  const x = valueOf(column, dialect, mainKey);
  const isText =
    column.kind === 'datetime' ||
    column.kind === 'file_upload' ||
    column.kind === 'storage_filename' ||
    (column.kind === 'data' && column.as === 'text');
  const bind = (v: unknown) => (isText ? sql`${v}` : num(typeof v === 'boolean' ? Number(v) : v, dialect));
  const orNull = (c: RawBuilder<SqlBool>) => sql<SqlBool>`(${x} is null or ${c})`;
  switch (f.op) {
    case 'empty': {
      const empty =
        column.kind === 'data' && column.as === 'text'
          ? sql<SqlBool>`(${x} is null or ${x} = '')`
          : sql<SqlBool>`${x} is null`;
      return f.value ? empty : not(empty);
    }
    case 'equal':
      return sql<SqlBool>`${x} = ${bind(f.value)}`;
    case 'not_equal':
      return orNull(sql<SqlBool>`${x} <> ${bind(f.value)}`);
    case 'less':
      return sql<SqlBool>`${x} < ${bind(f.value)}`;
    case 'greater':
      return sql<SqlBool>`${x} > ${bind(f.value)}`;
    case 'less_or_equal':
      return sql<SqlBool>`${x} <= ${bind(f.value)}`;
    case 'greater_or_equal':
      return sql<SqlBool>`${x} >= ${bind(f.value)}`;
    case 'in':
      return sql<SqlBool>`${x} between ${bind(f.value.min)} and ${bind(f.value.max)}`;
    case 'not_in':
      return orNull(sql<SqlBool>`${x} not between ${bind(f.value.min)} and ${bind(f.value.max)}`);
    case 'in_list':
    case 'not_in_list': {
      if (f.value.length === 0) return f.op === 'in_list' ? FALSE : TRUE;
      const list = sql.join(f.value.map(bind));
      return f.op === 'in_list'
        ? sql<SqlBool>`${x} in (${list})`
        : orNull(sql<SqlBool>`${x} not in (${list})`);
    }
    case 'contains':
      return contains(x, String(f.value), dialect);
    case 'not_contains':
      return orNull(not(contains(x, String(f.value), dialect)));
  }
}
