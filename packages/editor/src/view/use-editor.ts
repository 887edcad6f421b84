import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Editor, EditorChange } from '../editor.ts';

/**
 * Re-renders a component when the editor changes in a way it cares about. `select` picks what the component
 * reads (default: records and session state, not the camera, so panning never re-renders React).
 */
export function useEditorVersion(
  editor: Editor,
  select: (change: EditorChange) => boolean = (c) => c.records.size > 0 || c.instance,
): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (notify: () => void) =>
      editor.subscribe((change) => {
        if (!select(change)) return;
        version.current++;
        notify();
      }),
    [editor, select],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}
