import type { TypedDocument } from './api/typed-document.ts';
import { LabelyardError } from './errors.ts';

export type ClientOptions = {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** An API key (`labelyard keys create`, or the web app's account page). */
  apiKey: string;
  /** How many times a request answered 429 (or 502/503/504) is tried again; default 5. */
  maxRetries?: number;
  /** Per-request timeout in milliseconds; default 60,000. */
  timeoutMs?: number;
  /** Injected for tests and other runtimes; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Injected for tests; defaults to a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
};

type GraphQLErrorShape = {
  message?: string;
  path?: Array<string | number>;
  extensions?: { code?: string; details?: unknown; field?: string };
};

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
/** Longest wait honoured from a `Retry-After` header, so a bad header cannot stall a script for hours. */
const MAX_RETRY_WAIT_MS = 120_000;

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), else an exponential backoff. */
export function retryDelay(header: string | null, attempt: number, now = Date.now()): number {
  const backoff = Math.min(500 * 2 ** attempt, 30_000);
  if (header === null || header.trim() === '') return backoff;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_WAIT_MS) : backoff;
}

/** One GraphQL endpoint with one key: requests, multipart uploads and signed downloads, with retries. */
export class Transport {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleepImpl: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ClientOptions) {
    if (!options.apiKey) throw new LabelyardError('MALFORMED_REQUEST', 'apiKey is required');
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleepImpl = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRetries = options.maxRetries ?? 5;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Runs a typed operation; throws `LabelyardError` with the server's code when it answers an error. */
  async request<R, V>(document: TypedDocument<R, V>, variables: V): Promise<R> {
    return this.execute<R>(document.source, variables as Record<string, unknown>, document.operationName);
  }

  /** Runs any GraphQL text (the Labelbox-compatible schema is at `/graphql`). */
  async execute<R = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    operationName?: string,
  ): Promise<R> {
    const body = JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) });
    const response = await this.send(`${this.baseUrl}/graphql`, () => ({
      method: 'POST',
      headers: { ...this.authHeaders(), 'content-type': 'application/json' },
      body,
    }));
    return this.readGraphQL<R>(response);
  }

  /**
   * Uploads bytes through `uploadFile` (the GraphQL multipart request) and returns the file's URL on the server:
   * signed (readable without a key, for a while) when `sign` is true.
   */
  async upload(content: Blob | Uint8Array | string, filename: string, sign = false): Promise<string> {
    // Blob copies the bytes; its typing wants an ArrayBuffer-backed view, which Node's Buffers are in practice.
    const blob = content instanceof Blob ? content : new Blob([content as string | Uint8Array<ArrayBuffer>]);
    const operations = JSON.stringify({
      query:
        'mutation UploadFile($file: Upload!, $contentLength: Int!, $sign: Boolean) { uploadFile(file: $file, contentLength: $contentLength, sign: $sign) { url filename } }',
      variables: { file: null, contentLength: blob.size, sign },
    });
    const response = await this.send(`${this.baseUrl}/graphql`, () => {
      const form = new FormData();
      form.set('operations', operations);
      form.set('map', JSON.stringify({ 1: ['variables.file'] }));
      form.set('1', blob, filename);
      return { method: 'POST', headers: this.authHeaders(), body: form };
    });
    const data = await this.readGraphQL<{ uploadFile: { url: string } }>(response);
    return data.uploadFile.url;
  }

  /** GETs a URL the server handed out (signed file URLs need no key); the caller reads the body. */
  async download(url: string): Promise<Response> {
    const response = await this.send(url, () => ({ method: 'GET' }));
    if (!response.ok) {
      await response.body?.cancel();
      throw new LabelyardError('UNEXPECTED_RESPONSE', `GET ${url} answered HTTP ${response.status}`, {
        status: response.status,
      });
    }
    return response;
  }

  private authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.options.apiKey}` };
  }

  /** Sends with a timeout; waits and tries again on 429 (honouring `Retry-After`) and on 502/503/504. */
  private async send(url: string, init: () => RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, { ...init(), signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new LabelyardError(
          timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
          timedOut
            ? `No answer from ${url} within ${this.timeoutMs} ms`
            : `Could not reach ${url}: ${(error as Error).message}`,
        );
      }
      if (!RETRIED_STATUSES.has(response.status) || attempt >= this.maxRetries) return response;
      await response.body?.cancel();
      await this.sleepImpl(retryDelay(response.headers.get('retry-after'), attempt));
    }
  }

  private async readGraphQL<R>(response: Response): Promise<R> {
    const text = await response.text();
    let payload: { data?: R | null; errors?: GraphQLErrorShape[]; message?: string };
    try {
      payload = JSON.parse(text) as typeof payload;
    } catch {
      throw new LabelyardError(
        'UNEXPECTED_RESPONSE',
        `The server answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        { status: response.status },
      );
    }
    const first = payload.errors?.[0];
    if (first) {
      const code =
        first.extensions?.code ??
        (response.status === 401
          ? 'AUTHENTICATION_ERROR'
          : response.status === 429
            ? 'RATE_LIMITED'
            : 'ERROR');
      throw new LabelyardError(code, first.message ?? 'The server answered an error', {
        status: response.status,
        path: first.path,
        details: first.extensions?.details,
        field: first.extensions?.field,
      });
    }
    if (!response.ok || payload.data === undefined || payload.data === null) {
      const code =
        response.status === 401
          ? 'AUTHENTICATION_ERROR'
          : response.status === 429
            ? 'RATE_LIMITED'
            : 'UNEXPECTED_RESPONSE';
      throw new LabelyardError(code, payload.message ?? `The server answered HTTP ${response.status}`, {
        status: response.status,
      });
    }
    return payload.data;
  }
}
