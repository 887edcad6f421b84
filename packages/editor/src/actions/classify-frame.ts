import type { ClassificationAnnotation, NormalizedClassification } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { editClassification, type ClassificationEdit } from '../kinds/classification.ts';
import { coversFrame, withFrame, withoutFrame } from '../video/frame-ranges.ts';

const isClassification = (r: { kind: string }): r is ClassificationAnnotation =>
  r.kind === 'radio' || r.kind === 'checklist' || r.kind === 'text';

/** The records of a frame-scoped question: one per distinct answer, each with the frame ranges it holds on. */
export function frameRecords(editor: Editor, featureSchemaId: string): ClassificationAnnotation[] {
  return editor
    .records()
    .filter(isClassification)
    .filter((c) => c.featureSchemaId === featureSchemaId && c.frames !== undefined);
}

/** The answer of a frame-scoped question on one frame. */
export function frameAnswer(
  editor: Editor,
  featureSchemaId: string,
  frame: number,
): ClassificationAnnotation | undefined {
  return frameRecords(editor, featureSchemaId).find((c) => coversFrame(c.frames, frame));
}

/** What identifies an answer, whatever its frames: the option, the set of options, or the text. */
function answerKey(c: ClassificationAnnotation): string {
  if (c.kind === 'radio') return `r:${c.answer.featureSchemaId}`;
  if (c.kind === 'checklist')
    return `c:${c.answers
      .map((a) => a.featureSchemaId)
      .sort()
      .join(',')}`;
  return `t:${c.answer}`;
}

/**
 * Answers a frame-scoped question (ontology scope `index`, Labelbox's frame-based classification) on one frame:
 * the frame leaves the range of the answer it had and joins the ranges of the new one (a record per distinct
 * answer, as Labelbox's NDJSON has a line per answer with its `frames`). One undo step.
 */
export function classifyFrame(
  editor: Editor,
  question: NormalizedClassification,
  frame: number,
  edit: ClassificationEdit,
): void {
  const records = frameRecords(editor, question.featureSchemaId);
  const current = records.find((c) => coversFrame(c.frames, frame));
  const start = current ? [{ ...current, frames: undefined }] : [];
  const [wanted] = editClassification(start, [question.featureSchemaId], edit, {
    node: question,
    uuid: editor.newUuid,
  });
  if (current && wanted && answerKey(wanted) === answerKey(current)) return;
  const puts: ClassificationAnnotation[] = [];
  const removes: string[] = [];
  if (current) {
    const frames = withoutFrame(current.frames ?? [], frame);
    if (frames.length > 0) puts.push({ ...current, frames });
    else removes.push(current.uuid);
  }
  if (wanted) {
    const key = answerKey(wanted);
    const same = records.find((c) => c !== current && answerKey(c) === key);
    if (same) puts.push({ ...same, frames: withFrame(same.frames ?? [], frame) });
    else {
      // The frame's old record keeps its uuid while it still holds other frames; a new answer is a new record.
      const reuse = current !== undefined && removes.includes(current.uuid) && wanted.uuid === current.uuid;
      if (reuse) removes.splice(removes.indexOf(current.uuid), 1);
      const uuid = current && !reuse && wanted.uuid === current.uuid ? editor.newUuid() : wanted.uuid;
      puts.push({ ...wanted, uuid, frames: [{ start: frame, end: frame }] });
    }
  }
  editor.batch(() => {
    if (removes.length > 0) editor.remove(removes, 'eventually');
    editor.put(puts, 'eventually');
    editor.commitPending();
  });
}
