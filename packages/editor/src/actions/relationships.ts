import type { RelationshipAnnotation, RelationshipDirection } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { toolNode } from './features.ts';

/** Links two objects with the active relationship (`edge`) feature; refuses self-links and duplicates. */
export function createRelationship(
  editor: Editor,
  source: string,
  target: string,
  direction: RelationshipDirection = 'unidirectional',
  featureSchemaId = editor.instance.activeFeatureId,
): RelationshipAnnotation | undefined {
  const tool = toolNode(editor, featureSchemaId);
  if (!tool || tool.tool !== 'edge' || source === target) return undefined;
  if (!editor.getObject(source) || !editor.getObject(target)) return undefined;
  const duplicate = editor
    .records()
    .some(
      (r) =>
        r.kind === 'relationship' &&
        r.featureSchemaId === tool.featureSchemaId &&
        r.source === source &&
        r.target === target,
    );
  if (duplicate) return undefined;
  const record: RelationshipAnnotation = {
    kind: 'relationship',
    uuid: editor.newUuid(),
    featureSchemaId: tool.featureSchemaId,
    name: tool.name,
    source,
    target,
    direction,
  };
  editor.put([record], 'undoable');
  return record;
}
