import type { Actor } from '../auth/actor.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { MetadataRepository, type MetadataSchemaRow } from '../repositories/metadata.repository.ts';
import { nowIso } from '../time.ts';
import type { ServiceDeps } from './index.ts';
import { METADATA_KINDS, MetadataIndex, type MetadataKind, type SchemaInfo } from './metadata.values.ts';

export type UpsertSchemaInput = {
  id?: string | null;
  name: string;
  kind: string;
  options?: Array<{ id?: string | null; name: string; kind?: string | null }> | null;
};

const MAX_NAME = 100;

function cleanName(name: unknown, field: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_NAME)
    throw invalid(field, `must be 1 to ${MAX_NAME} characters`);
  return trimmed;
}

/** The metadata ontology: reserved schemas (`tag`, `split`, `captureDateTime`) plus each organization's own. */
export class MetadataService {
  private readonly repo: MetadataRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db'>) {
    this.repo = new MetadataRepository(deps.db);
  }

  async index(actor: Actor): Promise<MetadataIndex> {
    return new MetadataIndex(await this.repo.listVisible(actor.organizationId));
  }

  /** Top-level schemas with their options, reserved first. */
  async ontology(actor: Actor): Promise<SchemaInfo[]> {
    return (await this.index(actor)).roots;
  }

  /** Creates a schema (no id) or renames one and reconciles its enum options (by id, else by name). */
  async upsertSchema(actor: Actor, input: UpsertSchemaInput): Promise<SchemaInfo> {
    const name = cleanName(input.name, 'data.name');
    if (!METADATA_KINDS.includes(input.kind as MetadataKind) || input.kind === 'CustomMetadataEnumOption') {
      throw invalid(
        'data.kind',
        `"${input.kind}" is not one of ${METADATA_KINDS.filter((k) => k !== 'CustomMetadataEnumOption').join(', ')}`,
      );
    }
    const kind = input.kind as MetadataKind;
    const options = (input.options ?? []).map((o, i) => ({
      id: o.id ?? null,
      name: cleanName(o.name, `data.options[${i}].name`),
    }));
    if (kind !== 'CustomMetadataEnum' && options.length > 0)
      throw invalid('data.options', 'only CustomMetadataEnum schemas have options');
    if (new Set(options.map((o) => o.name)).size !== options.length)
      throw invalid('data.options', 'option names must be unique');

    const id = await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const index = new MetadataIndex(await repo.listVisible(actor.organizationId));
      const existing = input.id ? index.byId.get(input.id) : undefined;
      if (input.id && (!existing || existing.parentId !== null)) throw notFound('Metadata schema', input.id);
      if (existing?.reserved)
        throw new AppError(
          'OPERATION_NOT_ALLOWED',
          `Reserved metadata schema ${existing.id} cannot be changed`,
        );
      if (existing && existing.kind !== kind)
        throw invalid('data.kind', `cannot change ${existing.kind} to ${kind}`);
      const clash = index.byName.get(name);
      if (clash && clash.id !== existing?.id)
        throw invalid('data.name', `a metadata schema named "${name}" already exists`);
      const now = nowIso();
      const schemaId = existing?.id ?? newId();
      if (existing) {
        if (existing.name !== name) await repo.rename(actor.organizationId, schemaId, name);
      } else {
        await repo.insert([
          {
            id: schemaId,
            organization_id: actor.organizationId,
            parent_id: null,
            name,
            kind,
            created_at: now,
          },
        ]);
      }
      const current = existing?.options ?? [];
      const kept = new Set<string>();
      const inserts: MetadataSchemaRow[] = [];
      for (const [i, o] of options.entries()) {
        const match = current.find((c) => (o.id ? c.id === o.id : c.name === o.name));
        if (o.id && !match) throw notFound('Metadata option', o.id);
        if (match) {
          kept.add(match.id);
          if (match.name !== o.name) await repo.rename(actor.organizationId, match.id, o.name);
        } else {
          // Options keep the order given: spread their creation times.
          const created = new Date(Date.parse(now) + i).toISOString();
          inserts.push({
            id: newId(),
            organization_id: actor.organizationId,
            parent_id: schemaId,
            name: o.name,
            kind: 'CustomMetadataEnumOption',
            created_at: created,
          });
        }
      }
      await repo.insert(inserts);
      if (existing)
        await repo.delete(
          actor.organizationId,
          current.filter((c) => !kept.has(c.id)).map((c) => c.id),
        );
      return schemaId;
    });
    return (await this.index(actor)).byId.get(id)!;
  }

  async deleteSchema(actor: Actor, id: string): Promise<boolean> {
    const index = await this.index(actor);
    const schema = index.byId.get(id);
    if (!schema) throw notFound('Metadata schema', id);
    if (schema.reserved)
      throw new AppError('OPERATION_NOT_ALLOWED', `Reserved metadata schema ${id} cannot be deleted`);
    await this.repo.delete(actor.organizationId, [id]);
    return true;
  }
}
