import type { MetadataSchemaRow } from '../repositories/metadata.repository.ts';
import { parseDateTime } from '../time.ts';

/**
 * Data-row metadata values, as Labelbox stores them: a flat list of `{schemaId, value}` where an enum value is two
 * entries, `{enumSchemaId, {}}` and `{optionId, {}}` (what `customMetadata` returns and the SDK maps back).
 */
export type MetadataEntry = { schemaId: string; value: unknown };

export type MetadataKind =
  | 'CustomMetadataString'
  | 'CustomMetadataNumber'
  | 'CustomMetadataDateTime'
  | 'CustomMetadataEnum'
  | 'CustomMetadataEnumOption'
  | 'CustomMetadataEmbedding';

export const METADATA_KINDS: readonly MetadataKind[] = [
  'CustomMetadataString',
  'CustomMetadataNumber',
  'CustomMetadataDateTime',
  'CustomMetadataEnum',
  'CustomMetadataEnumOption',
  'CustomMetadataEmbedding',
];

export type SchemaInfo = {
  id: string;
  name: string;
  kind: MetadataKind;
  reserved: boolean;
  parentId: string | null;
  options: SchemaInfo[];
};

const MAX_STRING = 4096;
const EMBEDDING_DIMS = 128;

/** The schemas one organization sees (reserved + its own), by id and by top-level name. */
export class MetadataIndex {
  readonly byId = new Map<string, SchemaInfo>();
  readonly byName = new Map<string, SchemaInfo>();
  readonly roots: SchemaInfo[] = [];

  constructor(rows: readonly MetadataSchemaRow[]) {
    for (const r of rows) {
      this.byId.set(r.id, {
        id: r.id,
        name: r.name,
        kind: r.kind as MetadataKind,
        reserved: r.organization_id === null,
        parentId: r.parent_id,
        options: [],
      });
    }
    for (const info of this.byId.values()) {
      const parent = info.parentId === null ? undefined : this.byId.get(info.parentId);
      if (parent) parent.options.push(info);
      else if (info.parentId === null) {
        this.roots.push(info);
        if (!this.byName.has(info.name)) this.byName.set(info.name, info);
      }
    }
  }

  /** The top-level schema an entry belongs to (an option's enum). */
  rootOf(schemaId: string): SchemaInfo | undefined {
    const info = this.byId.get(schemaId);
    if (!info) return undefined;
    return info.kind === 'CustomMetadataEnumOption' && info.parentId !== null
      ? this.byId.get(info.parentId)
      : info;
  }
}

type Field = { root: SchemaInfo; value: unknown; option?: SchemaInfo };

function fail(input: unknown, reason: string): string {
  return `Failed to validate the metadata '${JSON.stringify(input)}': ${reason}`;
}

function coerce(root: SchemaInfo, raw: unknown): { value: unknown; option?: SchemaInfo } | string {
  switch (root.kind) {
    case 'CustomMetadataString':
      if (typeof raw !== 'string') return `value of ${root.id} must be a string`;
      if (raw.length > MAX_STRING) return `value of ${root.id} is longer than ${MAX_STRING} characters`;
      return { value: raw };
    case 'CustomMetadataNumber': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n)) return `value of ${root.id} must be a number`;
      return { value: n };
    }
    case 'CustomMetadataDateTime': {
      const iso = typeof raw === 'string' ? parseDateTime(raw) : null;
      if (iso === null) return `value of ${root.id} must be an ISO-8601 date-time`;
      return { value: iso };
    }
    case 'CustomMetadataEmbedding':
      if (
        !Array.isArray(raw) ||
        raw.length !== EMBEDDING_DIMS ||
        !raw.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        return `value of ${root.id} must be a list of ${EMBEDDING_DIMS} numbers`;
      }
      return { value: raw };
    case 'CustomMetadataEnum': {
      // `{}` (the enum half of the two-entry form) or, from hand-written clients, the option's id or name.
      if (
        raw === null ||
        raw === undefined ||
        (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0)
      ) {
        return { value: {} };
      }
      const option =
        typeof raw === 'string' ? root.options.find((o) => o.id === raw || o.name === raw) : undefined;
      if (!option) return `option ${JSON.stringify(raw)} not found for enum ${root.id}`;
      return { value: {}, option };
    }
    case 'CustomMetadataEnumOption':
      return `${root.id} is an option, not a schema`;
  }
}

/**
 * Validates metadata fields as sent in an import (`{schemaId | schema_id | name, value}`), resolving names and
 * enum option names; returns the flat entries to store, or the error message for the row.
 */
export function normalizeMetadata(index: MetadataIndex, input: unknown): MetadataEntry[] | string {
  if (input === null || input === undefined) return [];
  if (!Array.isArray(input)) return fail(input, 'metadata fields must be a list');
  const fields: Field[] = [];
  const seen = new Map<string, number>();
  const duplicated = new Set<string>();
  for (const item of input) {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return fail(input, 'each field must be an object');
    const f = item as Record<string, unknown>;
    const id =
      typeof f.schemaId === 'string' ? f.schemaId : typeof f.schema_id === 'string' ? f.schema_id : undefined;
    const named =
      id === undefined && typeof f.name === 'string' ? index.byName.get(f.name.trim()) : undefined;
    const schema = id !== undefined ? index.byId.get(id) : named;
    if (!schema) {
      return fail(
        input,
        id !== undefined
          ? `schemaId ${id} does not exist`
          : `no schemaId, or no schema named ${JSON.stringify(f.name)}`,
      );
    }
    let field: Field;
    if (schema.kind === 'CustomMetadataEnumOption') {
      const root = schema.parentId === null ? undefined : index.byId.get(schema.parentId);
      if (!root) return fail(input, `option ${schema.id} has no enum`);
      field = { root, value: {}, option: schema };
    } else {
      const coerced = coerce(schema, f.value);
      if (typeof coerced === 'string') return fail(input, coerced);
      field = { root: schema, ...coerced };
    }
    // The enum half and the option half of one value merge; anything else repeating a schema is a duplicate.
    const at = seen.get(field.root.id);
    if (at === undefined) {
      seen.set(field.root.id, fields.length);
      fields.push(field);
    } else {
      const prior = fields[at]!;
      if (
        field.root.kind === 'CustomMetadataEnum' &&
        (prior.option === undefined) !== (field.option === undefined)
      ) {
        prior.option ??= field.option;
      } else duplicated.add(field.root.id);
    }
  }
  if (duplicated.size > 0)
    return `A schemaId can only be specified once per DataRow : [${[...duplicated].join(', ')}]`;
  const out: MetadataEntry[] = [];
  for (const f of fields) {
    if (f.root.kind === 'CustomMetadataEnum') {
      if (!f.option) return fail(input, `enum ${f.root.id} needs an option`);
      out.push({ schemaId: f.root.id, value: {} }, { schemaId: f.option.id, value: {} });
    } else out.push({ schemaId: f.root.id, value: f.value });
  }
  return out;
}

/** Groups stored entries by top-level schema id (an enum with its option). */
function groups(index: MetadataIndex, entries: readonly MetadataEntry[]): Map<string, MetadataEntry[]> {
  const out = new Map<string, MetadataEntry[]>();
  for (const e of entries) {
    const root = index.rootOf(e.schemaId)?.id ?? e.schemaId;
    const list = out.get(root);
    if (list) list.push(e);
    else out.set(root, [e]);
  }
  return out;
}

/** Stored entries with `updates` replacing the values of the same schemas. */
export function mergeMetadata(
  index: MetadataIndex,
  current: readonly MetadataEntry[],
  updates: readonly MetadataEntry[],
): MetadataEntry[] {
  const merged = groups(index, current);
  for (const [root, list] of groups(index, updates)) merged.set(root, list);
  return [...merged.values()].flat();
}

/** Stored entries without the given schemas (an enum id removes its option too). */
export function removeMetadata(
  index: MetadataIndex,
  current: readonly MetadataEntry[],
  schemaIds: readonly string[],
): MetadataEntry[] {
  const drop = new Set(schemaIds);
  return current.filter((e) => !drop.has(e.schemaId) && !drop.has(index.rootOf(e.schemaId)?.id ?? ''));
}

/** The schema ids (in request order, once each) that no entry of `current` holds a value for. */
export function absentSchemas(
  index: MetadataIndex,
  current: readonly MetadataEntry[],
  schemaIds: readonly string[],
): string[] {
  const present = new Set(current.flatMap((e) => [e.schemaId, index.rootOf(e.schemaId)?.id ?? e.schemaId]));
  return [...new Set(schemaIds)].filter((id) => !present.has(id));
}

export function parseStoredMetadata(text: string | null): MetadataEntry[] {
  if (text === null || text === '') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as MetadataEntry[]) : [];
  } catch {
    return [];
  }
}

/** `metadataFields`: one entry per value with its schema's name and kind; an enum's value is its option's name. */
export function metadataFields(index: MetadataIndex, entries: readonly MetadataEntry[]) {
  const out: Array<{ schemaId: string; name: string; value: unknown; kind: string }> = [];
  for (const [rootId, list] of groups(index, entries)) {
    const root = index.byId.get(rootId);
    if (!root) continue;
    if (root.kind === 'CustomMetadataEnum') {
      const option = list
        .map((e) => index.byId.get(e.schemaId))
        .find((s) => s?.kind === 'CustomMetadataEnumOption');
      out.push({ schemaId: root.id, name: root.name, value: option?.name ?? null, kind: root.kind });
    } else {
      out.push({ schemaId: root.id, name: root.name, value: list[0]!.value, kind: root.kind });
    }
  }
  return out;
}
