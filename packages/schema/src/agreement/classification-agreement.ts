import type { ClassificationAnnotation, ClassificationAnswer } from '../annotations/classification.ts';

/**
 * Agreement of the classifications nested somewhere (under an object or a chosen option): the mean, over every
 * feature either side answered, of that feature's agreement; a feature only one side answered scores 0.
 * `undefined` when neither side has any.
 */
export function nestedAgreement(
  a: readonly ClassificationAnnotation[],
  b: readonly ClassificationAnnotation[],
): number | undefined {
  const ids = new Set([...a, ...b].map((c) => c.featureSchemaId));
  if (ids.size === 0) return undefined;
  let sum = 0;
  for (const id of ids) {
    const x = a.find((c) => c.featureSchemaId === id);
    const y = b.find((c) => c.featureSchemaId === id);
    sum += x && y ? classificationAgreement(x, y) : 0;
  }
  return sum / ids.size;
}

/** A chosen option that both sides chose: 1, or halfway between 1 and its nested answers' agreement. */
function answerAgreement(a: ClassificationAnswer, b: ClassificationAnswer): number {
  const nested = nestedAgreement(a.classifications, b.classifications);
  return nested === undefined ? 1 : (1 + nested) / 2;
}

/**
 * Exact-match agreement of two answers to one classification feature, as Labelbox scores them: free text 1 when
 * identical, radio 1 when the same option is chosen, checklist the shared options over all options chosen
 * (Jaccard). Classifications nested under a chosen option weigh half of that option's score.
 */
export function classificationAgreement(a: ClassificationAnnotation, b: ClassificationAnnotation): number {
  switch (a.kind) {
    case 'text':
      return b.kind === 'text' && a.answer === b.answer ? 1 : 0;
    case 'radio':
      return b.kind === 'radio' && a.answer.featureSchemaId === b.answer.featureSchemaId
        ? answerAgreement(a.answer, b.answer)
        : 0;
    case 'checklist': {
      if (b.kind !== 'checklist') return 0;
      const ids = new Set([...a.answers, ...b.answers].map((x) => x.featureSchemaId));
      if (ids.size === 0) return 1;
      let shared = 0;
      for (const x of a.answers) {
        const y = b.answers.find((o) => o.featureSchemaId === x.featureSchemaId);
        if (y) shared += answerAgreement(x, y);
      }
      return shared / ids.size;
    }
  }
}
