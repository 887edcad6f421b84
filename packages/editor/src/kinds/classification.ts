import {
  featureValue,
  type ClassificationAnnotation,
  type ClassificationAnswer,
  type NormalizedClassification,
  type NormalizedOption,
} from '@labelyard/schema';

/**
 * Where a classification sits inside a list of classifications: the feature schema ids from the list down to
 * it, alternating classification and option (`[color, red, shade]` = the `shade` question under option `red` of
 * `color`). The list is an object's `classifications` or the row's global ones.
 */
export type ClassificationPath = readonly string[];

/** What to do to the classification at a path. */
export type ClassificationEdit =
  | { readonly type: 'radio'; readonly option: NormalizedOption | null }
  | { readonly type: 'checklist'; readonly option: NormalizedOption; readonly checked: boolean }
  | { readonly type: 'text'; readonly text: string };

/** Everything needed to create a classification record for a question that has no answer yet. */
export type ClassificationTarget = {
  readonly node: NormalizedClassification;
  readonly uuid: () => string;
};

/** The answered classification at `path`, if any. */
export function findClassification(
  list: readonly ClassificationAnnotation[],
  path: ClassificationPath,
): ClassificationAnnotation | undefined {
  const [id, option, ...rest] = path;
  const c = list.find((x) => x.featureSchemaId === id);
  if (!c || option === undefined) return c;
  const answer = answersOf(c).find((a) => a.featureSchemaId === option);
  return answer && findClassification(answer.classifications, rest);
}

const answersOf = (c: ClassificationAnnotation): readonly ClassificationAnswer[] =>
  c.kind === 'radio' ? [c.answer] : c.kind === 'checklist' ? c.answers : [];

/**
 * Applies `edit` to the classification at `path` and returns the new list (unchanged parts keep their identity).
 * Clearing a radio, unchecking the last checklist option or emptying a text removes the classification, as an
 * unanswered question has no record in Labelbox's formats. Editing under an option that is not chosen is a no-op.
 */
export function editClassification(
  list: readonly ClassificationAnnotation[],
  path: ClassificationPath,
  edit: ClassificationEdit,
  target: ClassificationTarget,
): readonly ClassificationAnnotation[] {
  const [id, option, ...rest] = path;
  const i = list.findIndex((x) => x.featureSchemaId === id);
  if (option !== undefined) {
    if (i < 0) return list;
    const c = list[i];
    const mapAnswer = (a: ClassificationAnswer) =>
      a.featureSchemaId === option
        ? { ...a, classifications: editClassification(a.classifications, rest, edit, target) }
        : a;
    const next: ClassificationAnnotation =
      c.kind === 'radio'
        ? { ...c, answer: mapAnswer(c.answer) }
        : c.kind === 'checklist'
          ? { ...c, answers: c.answers.map(mapAnswer) }
          : c;
    return replaceAt(list, i, next);
  }
  const current = i >= 0 ? list[i] : undefined;
  const next = applyEdit(current, edit, target);
  if (!next) return i >= 0 ? list.filter((_, k) => k !== i) : list;
  return i >= 0 ? replaceAt(list, i, next) : [...list, next];
}

function applyEdit(
  current: ClassificationAnnotation | undefined,
  edit: ClassificationEdit,
  { node, uuid }: ClassificationTarget,
): ClassificationAnnotation | undefined {
  const base = current
    ? { uuid: current.uuid, featureSchemaId: current.featureSchemaId, name: current.name }
    : { uuid: uuid(), featureSchemaId: node.featureSchemaId, name: node.name };
  switch (edit.type) {
    case 'radio': {
      if (!edit.option) return undefined;
      if (current?.kind === 'radio' && current.answer.featureSchemaId === edit.option.featureSchemaId)
        return current;
      return { ...base, kind: 'radio', answer: newAnswer(edit.option, uuid) };
    }
    case 'checklist': {
      const answers = current?.kind === 'checklist' ? current.answers : [];
      const has = answers.some((a) => a.featureSchemaId === edit.option.featureSchemaId);
      const next = edit.checked
        ? has
          ? answers
          : [...answers, newAnswer(edit.option, uuid)]
        : answers.filter((a) => a.featureSchemaId !== edit.option.featureSchemaId);
      return next.length === 0 ? undefined : { ...base, kind: 'checklist', answers: next };
    }
    case 'text':
      return edit.text === '' ? undefined : { ...base, kind: 'text', answer: edit.text };
  }
}

const newAnswer = (option: NormalizedOption, uuid: () => string): ClassificationAnswer => ({
  uuid: uuid(),
  featureSchemaId: option.featureSchemaId,
  name: String(option.label),
  value: typeof option.value === 'string' ? option.value : featureValue(String(option.value)),
  classifications: [],
});

const replaceAt = <T>(list: readonly T[], i: number, v: T): T[] => list.map((x, k) => (k === i ? v : x));
