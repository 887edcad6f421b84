import { useCallback, useState } from 'react';
import { useApi } from './api-context.tsx';
import type { ApiError } from './client.ts';
import { toApiError, useQuery } from './hooks.ts';
import type { TypedDocument } from './typed-document.ts';

/** How a list query pages: its items, the cursor of the page after it (null at the end), and that cursor as variables. */
export type Paging<R, V, T, C> = {
  items: (data: R) => readonly T[];
  next: (data: R, loaded: number) => C | null;
  at: (cursor: C) => Partial<V>;
};

/** Offset pages of `size` (Labelbox's `first`/`skip` lists): a short page is the last. */
export function offsetPaging<R, V, T>(
  size: number,
  items: (data: R) => readonly T[],
): Paging<R, V, T, number> {
  return {
    items,
    next: (data, loaded) => (items(data).length < size ? null : loaded),
    at: (skip) => ({ skip }) as unknown as Partial<V>,
  };
}

export type PagedQuery<T> = {
  items: readonly T[];
  /** The first page is loading (nothing to show yet). */
  loading: boolean;
  error: ApiError | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** Loads the first page again and drops the pages after it. */
  refetch: () => void;
};

type More<T, C> = { key: string; items: T[]; next: C | null; loading: boolean; error?: ApiError };

/**
 * A list query shown page by page: the first page follows `variables` (a change starts over), "load more" appends
 * the next page. Pages are fetched only when asked for, so a list of a million entries costs one page at a time.
 */
export function usePagedQuery<R, V, T, C>(
  document: TypedDocument<R, V>,
  variables: V,
  paging: Paging<R, V, T, C>,
): PagedQuery<T> {
  const api = useApi();
  const first = useQuery(document, variables);
  const key = JSON.stringify(variables);
  const [more, setMore] = useState<More<T, C>>();
  const extra = more?.key === key ? more : undefined;
  const firstItems = first.data ? paging.items(first.data) : [];
  const items = extra ? [...firstItems, ...extra.items] : firstItems;
  const next = extra ? extra.next : first.data ? paging.next(first.data, firstItems.length) : null;

  const loadMore = useCallback(() => {
    if (next === null || extra?.loading) return;
    const before = extra?.items ?? [];
    setMore({ key, items: before, next, loading: true });
    api.request(document, { ...variables, ...paging.at(next) }).then(
      (data) => {
        const got = paging.items(data);
        setMore((m) =>
          m?.key === key
            ? {
                key,
                items: [...before, ...got],
                next: paging.next(data, items.length + got.length),
                loading: false,
              }
            : m,
        );
      },
      (error: unknown) =>
        setMore((m) => (m?.key === key ? { ...m, loading: false, error: toApiError(error) } : m)),
    );
  }, [api, document, variables, paging, key, next, extra, items.length]);

  const { refetch: refetchFirst } = first;
  const refetch = useCallback(() => {
    setMore(undefined);
    refetchFirst();
  }, [refetchFirst]);

  return {
    items,
    loading: first.loading && !first.data,
    error: first.error ?? extra?.error,
    hasMore: next !== null,
    loadingMore: extra?.loading ?? false,
    loadMore,
    refetch,
  };
}
