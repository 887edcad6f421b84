import { LabelyardError } from './errors.ts';
import { SdkTaskQuery } from './tasks.generated.ts';
import type { Transport } from './transport.ts';

export type Task = NonNullable<SdkTaskQuery['task']>;

export type WaitOptions = {
  /** Give up (`TIMEOUT`) after this long; default 10 minutes. */
  timeoutMs?: number;
  /** First poll interval; it grows to 2 s. Default 100 ms. */
  pollMs?: number;
};

/** Server-side jobs (data-row upserts, batch additions, exports) as Labelbox Tasks. */
export class Tasks {
  constructor(
    private readonly transport: Transport,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async get(id: string): Promise<Task> {
    const { task } = await this.transport.request(SdkTaskQuery, { id });
    if (!task) throw new LabelyardError('RESOURCE_NOT_FOUND', `Task not found: ${id}`);
    return task;
  }

  /**
   * Polls until the task is COMPLETE (returned) or FAILED (thrown as `TASK_FAILED` with the task's errors in
   * `details`).
   */
  async wait(id: string, options: WaitOptions = {}): Promise<Task> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let interval = options.pollMs ?? 100;
    for (;;) {
      const task = await this.get(id);
      if (task.status === 'COMPLETE') return task;
      if (task.status === 'FAILED') {
        throw new LabelyardError('TASK_FAILED', `Task ${id} (${task.type}) failed`, {
          details: await this.errorsOf(task),
        });
      }
      if (Date.now() + interval > deadline)
        throw new LabelyardError('TIMEOUT', `Task ${id} is still ${task.status} after the wait`);
      await this.sleep(interval);
      interval = Math.min(interval * 1.5, 2_000);
    }
  }

  /** A task's errors: read from its signed error file, or parsed from the JSON text it carries. */
  async errorsOf(task: Pick<Task, 'errors'>): Promise<unknown> {
    if (!task.errors) return null;
    const text = /^https?:\/\//.test(task.errors)
      ? await (await this.transport.download(task.errors)).text()
      : task.errors;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // NDJSON files: one error per line.
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    }
  }
}
