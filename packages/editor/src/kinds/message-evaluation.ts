import type { MessageEvaluationAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/**
 * Model-evaluation answers (message selection and ranking): they point at messages of a conversation, not at
 * pixels, so they are kept and round-tripped with the label and never drawn in the image plane.
 */
export const messageEvaluationKind: EditorKindUtil<MessageEvaluationAnnotation> = {
  kind: 'message-evaluation',
  bounds: () => undefined,
  hitTest: () => false,
  translate: (a) => a,
  handles: () => [],
  moveHandle: (a) => a,
};
