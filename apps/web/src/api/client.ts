import type { TypedDocument } from './typed-document.ts';

/** One GraphQL error as the server sends it (`extensions.code` from the error registry). */
export type GraphQLErrorShape = {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
};

/** A failed request: the first error's message and code, every error kept. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: GraphQLErrorShape[];

  constructor(status: number, errors: GraphQLErrorShape[]) {
    super(errors[0]?.message ?? `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? (status === 401 ? 'AUTHENTICATION_ERROR' : 'NETWORK_ERROR');
  }
}

export type Transport = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Talks to the public GraphQL API with the session cookie; mutations carry the session's CSRF token.
 * The transport and token are parameters so tests run it against any server.
 */
export class GraphQLClient {
  private csrfToken: string | null = null;

  constructor(
    private readonly transport: Transport,
    private readonly endpoint = '/graphql',
  ) {}

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.csrfToken ? { ...extra, 'x-csrf-token': this.csrfToken } : extra;
  }

  async request<R, V>(document: TypedDocument<R, V>, variables?: V, signal?: AbortSignal): Promise<R> {
    const response = await this.transport(this.endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: this.headers({ 'content-type': 'application/json', accept: 'application/json' }),
      body: JSON.stringify({
        operationName: document.operationName,
        query: document.source,
        variables: variables ?? {},
      }),
      signal,
    });
    return this.read<R>(response);
  }

  /** A GraphQL multipart request (the spec Labelbox's SDK uses) for one file variable. */
  async upload<R, V, K extends keyof V & string>(
    document: TypedDocument<R, V>,
    variables: Omit<V, K>,
    fileVariable: K,
    file: Blob,
    onProgress?: (fraction: number) => void,
  ): Promise<R> {
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({ query: document.source, variables: { ...variables, [fileVariable]: null } }),
    );
    form.append('map', JSON.stringify({ '1': [`variables.${fileVariable}`] }));
    form.append('1', file, (file as File).name ?? 'upload');
    // fetch has no upload progress: XMLHttpRequest reports it.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.endpoint);
      for (const [k, v] of Object.entries(this.headers())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(e.loaded / e.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () => reject(new ApiError(0, [{ message: 'The upload failed: network error' }]));
      xhr.send(form);
    });
    onProgress?.(1);
    return this.parse<R>(status, body);
  }

  private async read<R>(response: Response): Promise<R> {
    return this.parse<R>(response.status, await response.text());
  }

  private parse<R>(status: number, text: string): R {
    let payload: { data?: R; errors?: GraphQLErrorShape[]; message?: string } = {};
    try {
      payload = JSON.parse(text) as typeof payload;
    } catch {
      throw new ApiError(status, [{ message: `The server answered ${status} without JSON` }]);
    }
    if (payload.errors && payload.errors.length > 0) throw new ApiError(status, payload.errors);
    if (status >= 400 || payload.data === undefined) {
      throw new ApiError(status, [{ message: payload.message ?? `Request failed with status ${status}` }]);
    }
    return payload.data;
  }
}
