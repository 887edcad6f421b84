import type { ConversationMessage, NormalizedTool } from '@labelyard/schema';
import {
  chosenReplies,
  evaluateReplies,
  evaluationOf,
  evaluationTools,
} from '../../actions/message-evaluation.ts';
import type { Editor } from '../../editor.ts';

type Props = {
  editor: Editor;
  parent: ConversationMessage;
  replies: readonly ConversationMessage[];
  numberOf: (messageId: string) => number;
  readOnly: boolean;
};

const replyName = (m: ConversationMessage, n: number) => `${m.modelConfigName ?? m.author} (message ${n})`;

/**
 * The ontology's message-evaluation tools for the replies to one message: pick the best reply, tick the acceptable
 * ones, or rank them all (move up / move down; the order shown is saved as orders 1…n).
 */
export function ReplyEvaluation({ editor, parent, replies, numberOf, readOnly }: Props) {
  const tools = evaluationTools(editor);
  if (tools.length === 0) return null;
  return (
    <section className="ly-eval" aria-label={`Evaluate the replies to message ${numberOf(parent.messageId)}`}>
      {tools.map((t) =>
        t.tool === 'message-ranking' ? (
          <Ranking key={t.featureSchemaId} {...{ editor, tool: t, parent, replies, numberOf, readOnly }} />
        ) : (
          <Selection key={t.featureSchemaId} {...{ editor, tool: t, parent, replies, numberOf, readOnly }} />
        ),
      )}
    </section>
  );
}

type ToolProps = Omit<Props, 'editor'> & { editor: Editor; tool: NormalizedTool };

function Selection({ editor, tool, parent, replies, numberOf, readOnly }: ToolProps) {
  const chosen = chosenReplies(evaluationOf(editor, tool.featureSchemaId, parent.messageId));
  const single = tool.tool === 'message-single-selection';
  const set = (ids: string[]) => evaluateReplies(editor, tool.featureSchemaId, parent.messageId, ids);
  return (
    <fieldset className="ly-q" disabled={readOnly}>
      <legend>{tool.name}</legend>
      {replies.map((r) => (
        <div key={r.messageId}>
          <label>
            <input
              type={single ? 'radio' : 'checkbox'}
              name={`${tool.featureSchemaId}-${parent.messageId}`}
              checked={chosen.includes(r.messageId)}
              onChange={(e) =>
                set(
                  single
                    ? [r.messageId]
                    : e.currentTarget.checked
                      ? [...chosen, r.messageId]
                      : chosen.filter((id) => id !== r.messageId),
                )
              }
            />{' '}
            {replyName(r, numberOf(r.messageId))}
          </label>
        </div>
      ))}
      {!readOnly && chosen.length > 0 && (
        <button type="button" onClick={() => set([])}>
          Clear {tool.name}
        </button>
      )}
    </fieldset>
  );
}

function Ranking({ editor, tool, parent, replies, numberOf, readOnly }: ToolProps) {
  const saved = chosenReplies(evaluationOf(editor, tool.featureSchemaId, parent.messageId));
  const order = saved.length > 0 ? saved : replies.map((r) => r.messageId);
  const byId = new Map(replies.map((r) => [r.messageId, r]));
  const save = (ids: string[]) => evaluateReplies(editor, tool.featureSchemaId, parent.messageId, ids);
  const move = (i: number, by: number) => {
    const next = [...order];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    save(next);
  };
  return (
    <fieldset className="ly-q" disabled={readOnly}>
      <legend>
        {tool.name} {saved.length === 0 ? '(not ranked yet)' : ''}
      </legend>
      <ol className="ly-rank" aria-label={`${tool.name} order`}>
        {order.map((id, i) => {
          const r = byId.get(id);
          const name = r ? replyName(r, numberOf(id)) : id;
          return (
            <li key={id}>
              <span className="ly-name">{name}</span>
              {!readOnly && (
                <>
                  <button
                    type="button"
                    aria-label={`Move ${name} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move ${name} down`}
                    disabled={i === order.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly &&
        (saved.length === 0 ? (
          <button type="button" onClick={() => save(order)}>
            Save ranking as shown
          </button>
        ) : (
          <button type="button" onClick={() => save([])}>
            Clear {tool.name}
          </button>
        ))}
    </fieldset>
  );
}
