import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { ProjectInstructionsRepository } from '../../repositories/project-instructions.repository.ts';
import { ProjectRepository, type ProjectRow } from '../../repositories/project.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';

/** How long an `instructionsUrl` handed to a client stays valid. */
export const INSTRUCTIONS_URL_TTL_SECONDS = 3600;
const FIELD = 'data.instructionsUrl';

/**
 * `project.upsert_instructions(file)`: the SDK uploads a PDF or HTML file (`uploadFile`) and hands its URL to
 * `setProjectInstructions`. Only a URL this server issued for the caller's organization is accepted (the file is
 * read from the blob store, never fetched); it is served back through short-lived signed URLs by the files route,
 * which sends HTML as a sandboxed, nosniff attachment so it can never run script on the app's origin.
 */
export class InstructionsService {
  private readonly repo: ProjectInstructionsRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'blobs' | 'signer'>) {
    this.repo = new ProjectInstructionsRepository(deps.db);
  }

  async set(actor: Actor, projectId: string, url: string): Promise<ProjectRow> {
    const project = await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId);
    if (!project) throw notFound('Project', projectId);
    const file = this.deps.signer.fileOf(url);
    if (!file) throw invalid(FIELD, 'must be a URL returned by uploadFile');
    if ('problem' in file) throw invalid(FIELD, `the file URL is not usable (${file.problem})`);
    if (!file.key.startsWith(`${actor.organizationId}/`))
      throw invalid(FIELD, 'the file belongs to another organization');
    const contentType = await this.contentType(file.key);
    await this.repo.upsert({
      project_id: projectId,
      organization_id: actor.organizationId,
      blob_key: file.key,
      content_type: contentType,
      updated_by: actor.userId,
      updated_at: nowIso(),
    });
    return project;
  }

  /** Path and query of a signed download of the project's instructions, or null when it has none. */
  async urlPath(projectId: string): Promise<string | null> {
    const row = await this.repo.find(projectId);
    return row ? this.deps.signer.sign({ key: row.blob_key }, INSTRUCTIONS_URL_TTL_SECONDS) : null;
  }

  /** PDF by its signature, HTML by its extension and text content; anything else is refused. */
  private async contentType(key: string): Promise<string> {
    const info = await this.deps.blobs.stat(key);
    if (!info) throw invalid(FIELD, 'the uploaded file no longer exists');
    const head = await this.head(key, Math.min(info.size, 1024));
    const lower = key.toLowerCase();
    if (lower.endsWith('.pdf')) {
      if (head.subarray(0, 5).toString('latin1') !== '%PDF-')
        throw invalid(FIELD, 'the .pdf file does not start with a PDF signature (%PDF-)');
      return 'application/pdf';
    }
    if (lower.endsWith('.html')) {
      if (head.includes(0)) throw invalid(FIELD, 'the .html file is binary, not text');
      return 'text/html';
    }
    throw invalid(FIELD, 'instructions must be a .pdf or .html file');
  }

  private async head(key: string, length: number): Promise<Buffer> {
    if (length === 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for await (const chunk of await this.deps.blobs.read(key, { start: 0, end: length - 1 }))
      parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }
}
