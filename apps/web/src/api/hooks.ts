import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from './api-context.tsx';
import { ApiError } from './client.ts';
import type { TypedDocument } from './typed-document.ts';

export type QueryState<R> = {
  data: R | undefined;
  error: ApiError | undefined;
  loading: boolean;
  refetch: () => void;
};

/** Runs a query when its variables change (compared by value); a newer request cancels the older one. */
export function useQuery<R, V>(
  document: TypedDocument<R, V>,
  variables: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const api = useApi();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: R; error?: ApiError; loading: boolean }>({
    loading: !options.skip,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (options.skip) return undefined;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api
      .request(document, JSON.parse(key) as V, controller.signal)
      .then((data) => setState({ data, loading: false }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error: toApiError(error), loading: false }));
      });
    return () => controller.abort();
  }, [api, document, key, tick, options.skip]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}

export type MutationState<R> = { running: boolean; error: ApiError | undefined; data: R | undefined };

/** A mutation to run on demand; `run` resolves with the data or rejects with an ApiError (also kept in state). */
export function useMutation<R, V>(
  document: TypedDocument<R, V>,
): [(variables: V) => Promise<R>, MutationState<R>] {
  const api = useApi();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const [state, setState] = useState<MutationState<R>>({
    running: false,
    error: undefined,
    data: undefined,
  });
  const run = useCallback(
    async (variables: V) => {
      setState({ running: true, error: undefined, data: undefined });
      try {
        const data = await api.request(document, variables);
        if (mounted.current) setState({ running: false, error: undefined, data });
        return data;
      } catch (error) {
        const apiError = toApiError(error);
        if (mounted.current) setState({ running: false, error: apiError, data: undefined });
        throw apiError;
      }
    },
    [api, document],
  );
  return [run, state];
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, [{ message: error instanceof Error ? error.message : String(error) }]);
}
