/** A reservation as the queue hands it out (only what the session logic reads). */
export type Held = { readonly id: string };

/**
 * The labeler's place in a queue: the row on screen and the preloaded next one. The server lets a user hold two
 * reservations per queue and answers a third ask with one already held, so "is it new?" is an id comparison.
 */
export class QueueSession<R extends Held> {
  current: R | null = null;
  next: R | null = null;
  done = false;

  constructor(private readonly reserve: () => Promise<R | null>) {}

  /** The first row, then the next one in the background. */
  async start(): Promise<R | null> {
    this.current = await this.reserve();
    this.done = this.current === null;
    return this.current;
  }

  /** Reserves the row after the current one (a no-op when one is preloaded or nothing new is left). */
  async preload(): Promise<R | null> {
    if (!this.current || this.next) return this.next;
    const r = await this.reserve();
    this.next = r && r.id !== this.current.id ? r : null;
    return this.next;
  }

  /** After submit or skip: the preloaded row becomes current (or a new one is reserved); null when done. */
  async advance(): Promise<R | null> {
    if (this.next) {
      this.current = this.next;
      this.next = null;
    } else {
      const ended = this.current?.id;
      const r = await this.reserve();
      this.current = r && r.id !== ended ? r : null;
    }
    this.done = this.current === null;
    return this.current;
  }
}
