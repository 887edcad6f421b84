/** The explorer's request: `/graphql` with the signed-in session (cookie + CSRF header) or a key pasted in Headers. */
export type ExplorerRequest = { query: string; variables?: unknown; operationName?: string | null };

export function explorerFetcher(endpoint: string, csrfToken: () => Promise<string | null>) {
  return async (params: ExplorerRequest, options?: { headers?: Record<string, unknown> }) => {
    const pasted = Object.fromEntries(
      Object.entries(options?.headers ?? {}).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    const hasKey = Object.keys(pasted).some((k) => k.toLowerCase() === 'authorization');
    const csrf = hasKey ? null : await csrfToken();
    const response = await fetch(endpoint, {
      method: 'POST',
      credentials: hasKey ? 'omit' : 'same-origin',
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}), ...pasted },
      body: JSON.stringify(params),
    });
    return (await response.json()) as unknown;
  };
}
