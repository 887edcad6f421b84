import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import { LabelFeedbackRepository } from '../repositories/label-feedback.repository.ts';
import { nowIso } from '../time.ts';
import type { AccessService } from './access.service.ts';
import type { LabelService } from './label.service.ts';

export type LabelScore = { id: string; name: string; score: number };
export type LabelFeedback = { id: string; labelId: string; feedback: string; scores: LabelScore[] };

const MAX_FEEDBACK = 64 * 1024;
const MAX_SCORES = 100;

/** Auto-QA feedback on a label (`client.upsert_label_feedback(label_id, feedback, scores)`). */
export class LabelFeedbackService {
  private readonly repo: LabelFeedbackRepository;

  constructor(
    db: Db,
    private readonly labels: LabelService,
    private readonly access: AccessService,
  ) {
    this.repo = new LabelFeedbackRepository(db);
  }

  async upsert(
    actor: Actor,
    input: { labelId: string; feedback?: unknown; scores?: unknown },
  ): Promise<LabelFeedback> {
    const label = await this.labels.get(actor, input.labelId);
    await this.access.requireProject(actor, label.project_id, 'review', 'give feedback on labels');
    if (typeof input.feedback !== 'string') throw invalid('input.feedback', 'must be a string');
    if (input.feedback.length > MAX_FEEDBACK)
      throw invalid('input.feedback', `at most ${MAX_FEEDBACK} characters`);
    const scores = checkScores(input.scores);
    const existing = (await this.repo.ofLabels(actor.organizationId, [label.id]))[0];
    const row = {
      id: existing?.id ?? newId(),
      organization_id: actor.organizationId,
      label_id: label.id,
      feedback: input.feedback,
      scores: JSON.stringify(scores),
      created_by: actor.userId,
      updated_at: nowIso(),
    };
    await this.repo.upsert(row);
    const stored = (await this.repo.ofLabels(actor.organizationId, [label.id]))[0]!;
    return {
      id: stored.id,
      labelId: label.id,
      feedback: stored.feedback,
      scores: JSON.parse(stored.scores) as LabelScore[],
    };
  }
}

/** `{name: number}` → scores with stable ids (the score's name: one score per name). */
function checkScores(value: unknown): LabelScore[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid('input.scores', 'must be an object of score name → number');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_SCORES) throw invalid('input.scores', `at most ${MAX_SCORES} scores`);
  return entries.map(([name, score]) => {
    if (name === '' || name.length > 200)
      throw invalid('input.scores', `score names must be 1–200 characters`);
    if (typeof score !== 'number' || !Number.isFinite(score))
      throw invalid(`input.scores.${name}`, `must be a finite number, got ${JSON.stringify(score)}`);
    return { id: name, name, score };
  });
}
