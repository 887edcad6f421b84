import { z } from 'zod';
import { isRecord, joinPath, show, type FieldError } from './common.ts';
import { unknownMessage } from './conversation.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/** One model's reply in a model-evaluation conversation. */
export type MessageInfo = { readonly messageId: string; readonly modelConfigName: string };

/** What a message-evaluation tool records, by Labelbox's `messageEvaluationTask.format` (the tool type). */
export type MessageEvaluationTask =
  | ({ readonly format: 'message-single-selection'; readonly parentMessageId: string } & MessageInfo)
  | {
      readonly format: 'message-multi-selection';
      readonly parentMessageId: string;
      readonly selectedMessages: readonly MessageInfo[];
    }
  | {
      readonly format: 'message-ranking';
      readonly parentMessageId: string;
      readonly rankedMessages: readonly (MessageInfo & { readonly order: number })[];
    };
export type MessageEvaluationFormat = MessageEvaluationTask['format'];

/**
 * A model-evaluation answer about the replies to one message (`parentMessageId`): the best reply, the acceptable
 * replies, or all replies ranked 1…n. Labelbox's NDJSON `messageEvaluationTask: {format, data}`.
 */
export type MessageEvaluationAnnotation = ObjectBase & {
  readonly kind: 'message-evaluation';
  readonly task: MessageEvaluationTask;
};

const FORMATS: readonly MessageEvaluationFormat[] = [
  'message-single-selection',
  'message-multi-selection',
  'message-ranking',
];
const MAX_MESSAGES = 1_000;

const info = { messageId: z.string().min(1), modelConfigName: z.string().min(1) };
const taskSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('message-single-selection'), parentMessageId: z.string().min(1), ...info }),
  z.object({
    format: z.literal('message-multi-selection'),
    parentMessageId: z.string().min(1),
    selectedMessages: z.array(z.object(info)).min(1).max(MAX_MESSAGES),
  }),
  z.object({
    format: z.literal('message-ranking'),
    parentMessageId: z.string().min(1),
    rankedMessages: z
      .array(z.object({ ...info, order: z.number().int().min(1) }))
      .min(1)
      .max(MAX_MESSAGES),
  }),
]);

export const messageEvaluationAnnotationSchema: z.ZodType<MessageEvaluationAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('message-evaluation'),
  task: taskSchema,
});

const TASK_PATH = 'messageEvaluationTask';
const DATA_PATH = `${TASK_PATH}.data`;

function readString(raw: Readonly<Record<string, unknown>>, key: string, path: string, errors: FieldError[]) {
  const v = raw[key];
  if (typeof v === 'string' && v.length > 0) return v;
  errors.push({ path: joinPath(path, key), message: `must be a non-empty string (got ${show(v)})` });
  return undefined;
}

function readMessageList(
  data: Readonly<Record<string, unknown>>,
  key: 'selectedMessages' | 'rankedMessages',
  errors: FieldError[],
): Array<MessageInfo & { order?: number }> | undefined {
  const path = joinPath(DATA_PATH, key);
  const list = data[key];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MESSAGES) {
    errors.push({
      path,
      message: `must be a list of 1 to ${MAX_MESSAGES} messages like [{"messageId": "…", "modelConfigName": "…"${key === 'rankedMessages' ? ', "order": 1' : ''}}] (got ${show(list)})`,
    });
    return undefined;
  }
  const before = errors.length;
  const out = list.map((m, i) => {
    const at = joinPath(path, i);
    if (!isRecord(m)) {
      errors.push({ path: at, message: `must be a message object (got ${show(m)})` });
      return undefined;
    }
    const messageId = readString(m, 'messageId', at, errors);
    const modelConfigName = readString(m, 'modelConfigName', at, errors);
    if (key !== 'rankedMessages') return messageId && modelConfigName && { messageId, modelConfigName };
    const order = m.order;
    if (typeof order !== 'number' || !Number.isInteger(order) || order < 1) {
      errors.push({
        path: joinPath(at, 'order'),
        message: `must be an integer 1 or more (got ${show(order)})`,
      });
      return undefined;
    }
    return messageId && modelConfigName && { messageId, modelConfigName, order };
  });
  return errors.length === before ? (out as Array<MessageInfo & { order?: number }>) : undefined;
}

export const messageEvaluationUtil: ObjectKindUtil<MessageEvaluationAnnotation> = {
  kind: 'message-evaluation',
  tools: FORMATS,
  ndjsonKey: TASK_PATH,
  schema: messageEvaluationAnnotationSchema,

  readNdjson(line, errors, env) {
    const raw = line[TASK_PATH];
    if (!isRecord(raw)) {
      errors.push({
        path: TASK_PATH,
        message: `must be an object like {"format": "message-ranking", "data": {…}} (got ${show(raw)})`,
      });
      return undefined;
    }
    const format = raw.format;
    if (!FORMATS.includes(format as MessageEvaluationFormat)) {
      errors.push({
        path: joinPath(TASK_PATH, 'format'),
        message: `must be one of ${FORMATS.join(', ')} (got ${show(format)})`,
      });
      return undefined;
    }
    if (env?.tool !== undefined && format !== env.tool) {
      errors.push({
        path: joinPath(TASK_PATH, 'format'),
        message: `this feature is a ${env.tool} tool: the format must be "${env.tool}" (got ${show(format)})`,
      });
      return undefined;
    }
    const data = raw.data;
    if (!isRecord(data)) {
      errors.push({ path: DATA_PATH, message: `must be an object (got ${show(data)})` });
      return undefined;
    }
    const before = errors.length;
    const parentMessageId = readString(data, 'parentMessageId', DATA_PATH, errors);
    if (format === 'message-single-selection') {
      const messageId = readString(data, 'messageId', DATA_PATH, errors);
      const modelConfigName = readString(data, 'modelConfigName', DATA_PATH, errors);
      if (errors.length > before) return undefined;
      return {
        task: {
          format,
          parentMessageId: parentMessageId!,
          messageId: messageId!,
          modelConfigName: modelConfigName!,
        },
      };
    }
    if (format === 'message-multi-selection') {
      const selectedMessages = readMessageList(data, 'selectedMessages', errors);
      if (errors.length > before || !selectedMessages) return undefined;
      return { task: { format, parentMessageId: parentMessageId!, selectedMessages } };
    }
    const ranked = readMessageList(data, 'rankedMessages', errors);
    if (errors.length > before || !ranked) return undefined;
    return {
      task: {
        format: 'message-ranking',
        parentMessageId: parentMessageId!,
        rankedMessages: ranked.map((m) => ({ ...m, order: m.order! })),
      },
    };
  },

  validate({ task }, media) {
    const errors: FieldError[] = [];
    errors.push(...unknownMessage(task.parentMessageId, `${DATA_PATH}.parentMessageId`, media));
    if (task.format === 'message-single-selection')
      errors.push(...unknownMessage(task.messageId, `${DATA_PATH}.messageId`, media));
    const messages =
      task.format === 'message-single-selection'
        ? []
        : task.format === 'message-multi-selection'
          ? task.selectedMessages
          : task.rankedMessages;
    const key = task.format === 'message-ranking' ? 'rankedMessages' : 'selectedMessages';
    const seen = new Set<string>();
    messages.forEach((m, i) => {
      errors.push(...unknownMessage(m.messageId, `${DATA_PATH}.${key}[${i}].messageId`, media));
      if (seen.has(m.messageId))
        errors.push({
          path: `${DATA_PATH}.${key}[${i}].messageId`,
          message: `message "${m.messageId}" is listed twice`,
        });
      seen.add(m.messageId);
    });
    if (task.format === 'message-ranking') {
      const orders = new Set(task.rankedMessages.map((m) => m.order));
      const n = task.rankedMessages.length;
      if (orders.size !== n || [...orders].some((o) => o > n))
        errors.push({
          path: `${DATA_PATH}.rankedMessages`,
          // The SDK's own wording (MessageRankingTask._validate_ranked_messages).
          message: `Messages must be ordered by unique and consecutive natural numbers starting from 1 (got orders ${task.rankedMessages.map((m) => m.order).join(', ')})`,
        });
    }
    return errors;
  },

  toNdjson: ({ task }) => ({ [TASK_PATH]: { format: task.format, data: taskData(task) } }),
  toV1: ({ task }) => ({ [TASK_PATH]: { format: task.format, data: taskData(task) } }),
  toV2: ({ task }) => {
    const parent_message_id = task.parentMessageId;
    const message = (m: MessageInfo) => ({ message_id: m.messageId, model_config_name: m.modelConfigName });
    // Labelbox exports message evaluations without `value` (the SDK's expected_exports_v2_mmc).
    if (task.format === 'message-single-selection')
      return {
        annotationKind: 'MessageSingleSelection',
        withoutValue: true,
        fields: { selected_message: { ...message(task), parent_message_id } },
      };
    if (task.format === 'message-multi-selection')
      return {
        annotationKind: 'MessageMultiSelection',
        withoutValue: true,
        fields: { selected_messages: { messages: task.selectedMessages.map(message), parent_message_id } },
      };
    return {
      annotationKind: 'MessageRanking',
      withoutValue: true,
      fields: {
        ranked_messages: {
          ranked_messages: task.rankedMessages.map((m) => ({ ...message(m), order: m.order })),
          parent_message_id,
        },
      },
    };
  },
  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};

/** `messageEvaluationTask.data` as the SDK writes it (camelCase, the task's own keys). */
function taskData(task: MessageEvaluationTask): Record<string, unknown> {
  const message = (m: MessageInfo) => ({ messageId: m.messageId, modelConfigName: m.modelConfigName });
  if (task.format === 'message-single-selection')
    return { ...message(task), parentMessageId: task.parentMessageId };
  if (task.format === 'message-multi-selection')
    return { parentMessageId: task.parentMessageId, selectedMessages: task.selectedMessages.map(message) };
  return {
    parentMessageId: task.parentMessageId,
    rankedMessages: task.rankedMessages.map((m) => ({ ...message(m), order: m.order })),
  };
}

/**
 * Agreement of two answers to the same message: single selections agree when they pick the same reply, multi
 * selections by the overlap of their picks (Jaccard), rankings by the share of reply pairs put in the same order.
 */
export function messageEvaluationAgreement(a: MessageEvaluationTask, b: MessageEvaluationTask): number {
  if (a.format !== b.format || a.parentMessageId !== b.parentMessageId) return 0;
  if (a.format === 'message-single-selection' && b.format === 'message-single-selection')
    return a.messageId === b.messageId ? 1 : 0;
  if (a.format === 'message-multi-selection' && b.format === 'message-multi-selection') {
    const sa = new Set(a.selectedMessages.map((m) => m.messageId));
    const sb = new Set(b.selectedMessages.map((m) => m.messageId));
    const inter = [...sa].filter((id) => sb.has(id)).length;
    return inter / (sa.size + sb.size - inter);
  }
  if (a.format === 'message-ranking' && b.format === 'message-ranking') {
    const rb = new Map(b.rankedMessages.map((m) => [m.messageId, m.order]));
    const shared = a.rankedMessages.filter((m) => rb.has(m.messageId));
    if (shared.length < 2)
      return shared.length === a.rankedMessages.length && shared.length === rb.size ? 1 : 0;
    let same = 0;
    let pairs = 0;
    for (let i = 0; i < shared.length; i++)
      for (let j = i + 1; j < shared.length; j++) {
        pairs++;
        const x = shared[i]!;
        const y = shared[j]!;
        if (Math.sign(x.order - y.order) === Math.sign(rb.get(x.messageId)! - rb.get(y.messageId)!)) same++;
      }
    // Replies only one side ranked count as disagreement.
    const all = new Set([...a.rankedMessages.map((m) => m.messageId), ...rb.keys()]).size;
    return (same / pairs) * (shared.length / all);
  }
  return 0;
}
