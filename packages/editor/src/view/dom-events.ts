import type { EditorKeyEvent, EditorPointerEvent } from '../tools/state-node.ts';

/** DOM events as the engine reads them: Ctrl and ⌘ are one accelerator. */

export const toKeyEvent = (e: KeyboardEvent | React.KeyboardEvent): EditorKeyEvent => ({
  key: e.key,
  code: e.code,
  shiftKey: e.shiftKey,
  altKey: e.altKey,
  accelKey: e.ctrlKey || e.metaKey,
});

/** A pointer's button, modifiers and kind, for the engine's tools. */
export const pointerModifiers = (e: PointerEvent | MouseEvent): Partial<EditorPointerEvent> => ({
  button: e.button,
  shiftKey: e.shiftKey,
  altKey: e.altKey,
  accelKey: e.ctrlKey || e.metaKey,
  pointerType: ((e as PointerEvent).pointerType || 'mouse') as 'mouse' | 'pen' | 'touch',
});

/** Where a pointer is in an element's box (the stage's screen coordinates). */
export function pointIn(el: Element, e: { clientX: number; clientY: number }): { x: number; y: number } {
  const rect = el.getBoundingClientRect();
  return { x: e.clientX - rect.left, y: e.clientY - rect.top };
}
