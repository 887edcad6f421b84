import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { RelationshipIdle } from './idle.ts';
import { RelationshipLinking } from './linking.ts';

/** Relationships: press on the source object, release on the target. */
export class RelationshipTool extends StateNode {
  readonly id = 'relationship';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new RelationshipIdle(editor), new RelationshipLinking(editor));
  }
}
