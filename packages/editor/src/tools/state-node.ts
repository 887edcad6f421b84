import type { Point } from '@labelyard/schema';
import type { Editor } from '../editor.ts';

/** A pointer event as the engine sees it: screen and world positions plus modifier keys. */
export type EditorPointerEvent = {
  readonly screen: Point;
  readonly world: Point;
  readonly button: number;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  readonly accelKey: boolean;
  readonly pointerType: 'mouse' | 'pen' | 'touch';
};

export type EditorKeyEvent = {
  readonly key: string;
  readonly code: string;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly accelKey: boolean;
};

export type StateEvents = {
  onPointerDown?(e: EditorPointerEvent): void;
  onPointerMove?(e: EditorPointerEvent): void;
  onPointerUp?(e: EditorPointerEvent): void;
  onDoubleClick?(e: EditorPointerEvent): void;
  /** Returns true when the state handled the key (the editor's global hotkeys then skip it). */
  onKeyDown?(e: EditorKeyEvent): boolean | void;
  /** Escape or a lost pointer: abandon the gesture. */
  onCancel?(): void;
};

/**
 * One state of a tool (tldraw's `StateNode`): a small object with event handlers that moves to a sibling state
 * by name. Tools are parent nodes whose children are their states; the editor's root holds the tools. The active
 * path (`select.translating`) is what tests assert.
 */
export abstract class StateNode {
  abstract readonly id: string;
  /** Child states by id; the first listed is the initial one. */
  readonly children: Record<string, StateNode> = {};
  current: StateNode | undefined;
  parent: StateNode | undefined;

  constructor(protected readonly editor: Editor) {}

  protected addChildren(...states: StateNode[]): void {
    for (const s of states) {
      s.parent = this;
      this.children[s.id] = s;
    }
  }

  get path(): string {
    return this.current ? `${this.id}.${this.current.path}` : this.id;
  }

  /** Moves the parent to sibling state `id` (exiting this one). */
  protected transition(id: string, info?: unknown): void {
    this.parent!.enterChild(id, info);
  }

  enterChild(id: string, info?: unknown): void {
    const next = this.children[id];
    if (!next) throw new Error(`${this.id} has no state "${id}"`);
    this.current?.exitDeep();
    this.current = next;
    next.onEnter?.(info);
    const first = Object.keys(next.children)[0];
    if (first !== undefined && next.current === undefined) next.enterChild(first);
  }

  exitDeep(): void {
    this.current?.exitDeep();
    this.current = undefined;
    this.onExit?.();
  }

  onEnter?(info: unknown): void;
  onExit?(): void;

  /** Dispatches an event to the deepest active state first; unhandled keys bubble up. */
  dispatch<K extends keyof StateEvents>(name: K, event: Parameters<NonNullable<StateEvents[K]>>[0]): boolean {
    if (this.current?.dispatch(name, event)) return true;
    const handler = (this as StateEvents)[name] as ((e: unknown) => boolean | void) | undefined;
    if (!handler) return false;
    const handled = handler.call(this, event);
    return name === 'onKeyDown' ? handled === true : true;
  }
}
