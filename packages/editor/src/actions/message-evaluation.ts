import type {
  ConversationMessage,
  MessageEvaluationAnnotation,
  MessageEvaluationTask,
  NormalizedTool,
} from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { messageById } from './conversation.ts';
import { newObject, toolNode } from './features.ts';

const EVALUATION_TOOLS: ReadonlySet<string> = new Set([
  'message-single-selection',
  'message-multi-selection',
  'message-ranking',
]);

/** The ontology's message-evaluation tools (pick the best reply, the acceptable replies, rank the replies). */
export function evaluationTools(editor: Editor): NormalizedTool[] {
  return editor.ontology.roots
    .filter((r) => r.kind === 'tool' && !r.archived && EVALUATION_TOOLS.has(r.node.tool))
    .map((r) => r.node as NormalizedTool);
}

/** Messages answered by two or more replies (a model-chat evaluation's prompts), with their replies. */
export function evaluatedPrompts(
  editor: Editor,
): Array<{ parent: ConversationMessage; replies: ConversationMessage[] }> {
  const messages = editor.media.conversation?.messages ?? [];
  return messages
    .map((parent) => ({ parent, replies: messages.filter((m) => m.replyTo === parent.messageId) }))
    .filter((p) => p.replies.length >= 2);
}

/** The evaluation a tool holds for the replies to one message, if answered. */
export function evaluationOf(
  editor: Editor,
  featureSchemaId: string,
  parentMessageId: string,
): MessageEvaluationAnnotation | undefined {
  return editor
    .objects()
    .find(
      (o): o is MessageEvaluationAnnotation =>
        o.kind === 'message-evaluation' &&
        o.featureSchemaId === featureSchemaId &&
        o.task.parentMessageId === parentMessageId,
    );
}

/**
 * Answers an evaluation tool for the replies to `parentMessageId`: the chosen reply (single selection), the chosen
 * replies (multi selection) or all replies best first (ranking, orders 1…n). An empty choice removes the answer.
 * One undo step.
 */
export function evaluateReplies(
  editor: Editor,
  featureSchemaId: string,
  parentMessageId: string,
  messageIds: readonly string[],
): void {
  const tool = toolNode(editor, featureSchemaId);
  if (!tool || !EVALUATION_TOOLS.has(tool.tool)) return;
  const current = evaluationOf(editor, featureSchemaId, parentMessageId);
  const infos = messageIds
    .map((id) => messageById(editor, id))
    .filter((m) => m !== undefined)
    .map((m) => ({ messageId: m.messageId, modelConfigName: m.modelConfigName ?? m.author }));
  if (infos.length === 0) {
    if (current) editor.remove([current.uuid], 'undoable');
    return;
  }
  const task: MessageEvaluationTask =
    tool.tool === 'message-single-selection'
      ? { format: 'message-single-selection', parentMessageId, ...infos[0] }
      : tool.tool === 'message-multi-selection'
        ? { format: 'message-multi-selection', parentMessageId, selectedMessages: infos }
        : {
            format: 'message-ranking',
            parentMessageId,
            rankedMessages: infos.map((m, i) => ({ ...m, order: i + 1 })),
          };
  const record =
    current ??
    newObject<MessageEvaluationAnnotation>(editor, { kind: 'message-evaluation', task }, featureSchemaId);
  if (record) editor.put([{ ...record, task }], 'undoable');
}

/** The message ids an evaluation chose, in its order (ranking: best first). */
export function chosenReplies(evaluation: MessageEvaluationAnnotation | undefined): string[] {
  const task = evaluation?.task;
  if (!task) return [];
  if (task.format === 'message-single-selection') return [task.messageId];
  if (task.format === 'message-multi-selection') return task.selectedMessages.map((m) => m.messageId);
  return [...task.rankedMessages].sort((a, b) => a.order - b.order).map((m) => m.messageId);
}
