import type { ObjectAnnotation } from '@labelyard/schema';
import { drawableTools } from '../actions/features.ts';
import { toggleFeatureHidden, toggleFeatureLocked, toggleHidden, toggleLocked } from '../actions/objects.ts';
import type { Editor } from '../editor.ts';

const KIND_LABEL: Record<ObjectAnnotation['kind'], string> = {
  bbox: 'box',
  polygon: 'polygon',
  point: 'point',
  polyline: 'line',
  mask: 'mask',
  'text-entity': 'entity',
  'document-entity': 'document entity',
  'video-object': 'video object',
  'video-mask': 'video mask',
  'message-evaluation': 'message evaluation',
};

/**
 * The row's objects grouped by class: select by click, hide/show and lock/unlock per object and per class, and the
 * server's per-annotation errors under the object they belong to.
 */
export function ObjectList({
  editor,
  describe,
  readOnly = false,
}: {
  editor: Editor;
  describe?: (o: ObjectAnnotation) => string;
  /** Review: hide/show only; the lock controls would let a reviewer move shapes nobody saves. */
  readOnly?: boolean;
}) {
  const { hiddenIds, lockedIds, hiddenFeatures, lockedFeatures, errors } = editor.instance;
  const objects = editor.objects();
  const classes = drawableTools(editor).filter((t) =>
    objects.some((o) => o.featureSchemaId === t.featureSchemaId),
  );
  return (
    <section aria-label="Objects">
      <h2>Objects ({objects.length})</h2>
      {classes.map((t) => {
        const mine = objects.filter((o) => o.featureSchemaId === t.featureSchemaId);
        return (
          <div key={t.featureSchemaId}>
            <div className="ly-class-row">
              <span className="ly-swatch" style={{ background: t.color }} />
              <strong className="ly-name">
                {t.name} ({mine.length})
              </strong>
              <ToggleButton
                label={`${hiddenFeatures.has(t.featureSchemaId) ? 'Show' : 'Hide'} class ${t.name}`}
                on={hiddenFeatures.has(t.featureSchemaId)}
                text={hiddenFeatures.has(t.featureSchemaId) ? 'Show' : 'Hide'}
                onClick={() => toggleFeatureHidden(editor, t.featureSchemaId)}
              />
              {!readOnly && (
                <ToggleButton
                  label={`${lockedFeatures.has(t.featureSchemaId) ? 'Unlock' : 'Lock'} class ${t.name}`}
                  on={lockedFeatures.has(t.featureSchemaId)}
                  text={lockedFeatures.has(t.featureSchemaId) ? 'Unlock' : 'Lock'}
                  onClick={() => toggleFeatureLocked(editor, t.featureSchemaId)}
                />
              )}
            </div>
            <ul className="ly-list" aria-label={`${t.name} objects`}>
              {mine.slice(0, 500).map((o, i) => {
                const name = `${t.name} ${i + 1} (${describe?.(o) ?? KIND_LABEL[o.kind]})`;
                const problems = errors.get(o.uuid) ?? [];
                return (
                  <li key={o.uuid} aria-selected={editor.selectedIds.has(o.uuid)}>
                    <button type="button" className="ly-name" onClick={() => editor.select([o.uuid])}>
                      {name}
                    </button>
                    <ToggleButton
                      label={`${hiddenIds.has(o.uuid) ? 'Show' : 'Hide'} ${name}`}
                      on={hiddenIds.has(o.uuid)}
                      text={hiddenIds.has(o.uuid) ? 'Show' : 'Hide'}
                      onClick={() => toggleHidden(editor, o.uuid)}
                    />
                    {!readOnly && (
                      <ToggleButton
                        label={`${lockedIds.has(o.uuid) ? 'Unlock' : 'Lock'} ${name}`}
                        on={lockedIds.has(o.uuid)}
                        text={lockedIds.has(o.uuid) ? 'Unlock' : 'Lock'}
                        onClick={() => toggleLocked(editor, o.uuid)}
                      />
                    )}
                    {problems.length > 0 && (
                      <p className="ly-error" role="alert">
                        {problems.map((p) => `${p.path}: ${p.message}`).join('; ')}
                      </p>
                    )}
                  </li>
                );
              })}
              {mine.length > 500 && <li>… and {mine.length - 500} more (select them on the canvas)</li>}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function ToggleButton(props: { label: string; on: boolean; text: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={props.label} aria-pressed={props.on} onClick={props.onClick}>
      {props.text}
    </button>
  );
}
