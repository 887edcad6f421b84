import type { Actor } from '../auth/actor.ts';
import type { AttachmentTable, Db } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { AttachmentRepository } from '../repositories/attachment.repository.ts';
import { nowIso } from '../time.ts';
import { ATTACHMENT_TYPES } from './data-row-descriptor.parser.ts';
import type { DataRowService } from './data-row.service.ts';

/** Attachment values are URLs or inline text shown beside the row; a megabyte is far past any real one. */
const MAX_VALUE_BYTES = 1024 * 1024;
const MAX_NAME = 1000;

export type AttachmentInput = { type?: unknown; value?: unknown; name?: unknown };

/** Attachments of one data row after its creation (`data_row.create_attachment`, `attachment.update/delete`). */
export class AttachmentService {
  private readonly repo: AttachmentRepository;

  constructor(
    db: Db,
    private readonly dataRows: DataRowService,
  ) {
    this.repo = new AttachmentRepository(db);
  }

  async create(actor: Actor, dataRowId: string, input: AttachmentInput): Promise<AttachmentTable> {
    const row = await this.dataRows.get(actor, dataRowId);
    const attachment: AttachmentTable = {
      id: newId(),
      organization_id: actor.organizationId,
      data_row_id: row.id,
      type: checkType(input.type),
      value: checkValue(input.value),
      name: checkName(input.name) ?? null,
      created_at: nowIso(),
    };
    await this.repo.insert(attachment);
    return attachment;
  }

  /** Changes the fields given (null or absent leaves a field as it is). */
  async update(actor: Actor, id: string, input: AttachmentInput): Promise<AttachmentTable> {
    const existing = await this.repo.get(actor.organizationId, id);
    if (!existing) throw notFound('Attachment', id);
    const values: Partial<AttachmentTable> = {};
    if (input.type !== undefined && input.type !== null) values.type = checkType(input.type);
    if (input.value !== undefined && input.value !== null) values.value = checkValue(input.value);
    const name = checkName(input.name);
    if (name !== undefined) values.name = name;
    if (Object.keys(values).length > 0) await this.repo.update(actor.organizationId, id, values);
    return { ...existing, ...values };
  }

  async delete(actor: Actor, id: string): Promise<AttachmentTable> {
    const existing = await this.repo.get(actor.organizationId, id);
    if (!existing) throw notFound('Attachment', id);
    await this.repo.delete(actor.organizationId, id);
    return existing;
  }
}

function checkType(type: unknown): string {
  if (typeof type !== 'string' || !ATTACHMENT_TYPES.has(type))
    throw invalid(
      'data.type',
      `must be one of ${[...ATTACHMENT_TYPES].join(', ')}, got ${JSON.stringify(type)}`,
    );
  return type;
}

function checkValue(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid('data.value', 'must be a non-empty string');
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES)
    throw invalid('data.value', `at most ${MAX_VALUE_BYTES} bytes`);
  return value;
}

function checkName(name: unknown): string | undefined {
  if (name === undefined || name === null) return undefined;
  if (typeof name !== 'string') throw invalid('data.name', 'must be a string');
  if (name.length > MAX_NAME) throw invalid('data.name', `at most ${MAX_NAME} characters`);
  return name;
}
