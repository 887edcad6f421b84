import { useEffect, useRef } from 'react';
import { drawableTools } from '../actions/features.ts';
import type { Editor } from '../editor.ts';

/**
 * Read-only (review): every class locked and none active, so nothing can be drawn, selected or moved; a tool outside
 * `viewTools` (when given) gives way to Select. Leaving read-only (a reviewer's "Edit") unlocks what read-only locked.
 */
export function useReadOnlyLock(editor: Editor, readOnly: boolean, viewTools?: readonly string[]): void {
  const lockedByView = useRef(false);
  useEffect(() => {
    if (readOnly) {
      lockedByView.current = true;
      editor.setInstance({
        lockedFeatures: new Set(drawableTools(editor).map((t) => t.featureSchemaId)),
        activeFeatureId: undefined,
      });
      if (viewTools && !viewTools.includes(editor.path.split('.')[0]!)) editor.setTool('select');
    } else if (lockedByView.current) {
      lockedByView.current = false;
      editor.setInstance({ lockedFeatures: new Set() });
    }
  }, [editor, readOnly, viewTools]);
}
