import { Datasets } from './datasets.ts';
import { Exports } from './exports.ts';
import { LabelImports } from './label-imports.ts';
import { Projects } from './projects.ts';
import { Queue } from './queue.ts';
import { Tasks } from './tasks.ts';
import { Transport, type ClientOptions } from './transport.ts';

/**
 * A Labelyard server, through its Labelbox-compatible GraphQL API.
 *
 * @example
 * import { Labelyard } from '@labelyard/sdk';
 * const client = new Labelyard({ url: 'http://127.0.0.1:8080', apiKey: process.env.LABELYARD_API_KEY! });
 * const dataset = await client.datasets.create({ name: 'Street scenes' });
 * await client.datasets.createDataRows(dataset.id, [{ rowData: 'https://example.com/1.jpg', globalKey: 's-1' }]);
 */
export class Labelyard {
  readonly transport: Transport;
  readonly datasets: Datasets;
  readonly projects: Projects;
  readonly labels: LabelImports;
  readonly exports: Exports;
  readonly queue: Queue;
  readonly tasks: Tasks;

  constructor(options: ClientOptions) {
    this.transport = new Transport(options);
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.tasks = new Tasks(this.transport, sleep);
    this.datasets = new Datasets(this.transport, this.tasks);
    this.projects = new Projects(this.transport);
    this.labels = new LabelImports(this.transport, sleep);
    this.exports = new Exports(this.transport, this.tasks);
    this.queue = new Queue(this.transport);
  }

  /** Runs any GraphQL operation of the server's schema (api/schema.graphql). */
  execute<R = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<R> {
    return this.transport.execute<R>(query, variables);
  }

  /**
   * Uploads a file to the server's store and returns its URL, to use as a data row's `rowData`.
   *
   * @example
   * const url = await client.upload(await fs.readFile('cat.jpg'), 'cat.jpg');
   */
  upload(content: Blob | Uint8Array | string, filename: string): Promise<string> {
    return this.transport.upload(content, filename);
  }
}
