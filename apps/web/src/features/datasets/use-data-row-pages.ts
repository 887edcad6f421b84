import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { DatasetRowsQuery } from './datasets.generated.ts';

export type GridRow = DatasetRowsQuery['datasetDataRows']['nodes'][number];
export type RowFilter = { globalKey?: string; externalId?: string };

export const PAGE_SIZE = 200;

/**
 * A dataset's rows, loaded page by page with the server's cursor (keyset: every page costs the same, however
 * deep). `loadMore` is idempotent while a page is in flight; a new filter starts over.
 */
export function useDataRowPages(datasetId: string, filter: RowFilter) {
  const api = useApi();
  const [rows, setRows] = useState<GridRow[]>([]);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const [done, setDone] = useState(false);
  const cursor = useRef<string | null>(null);
  const inFlight = useRef(false);
  const generation = useRef(0);
  const filterKey = JSON.stringify(filter);

  const loadMore = useCallback(() => {
    if (inFlight.current || done) return;
    inFlight.current = true;
    setLoading(true);
    const mine = generation.current;
    const where = JSON.parse(filterKey) as RowFilter;
    api
      .request(DatasetRowsQuery, {
        id: datasetId,
        first: PAGE_SIZE,
        from: cursor.current,
        where: Object.keys(where).length > 0 ? where : null,
      })
      .then((data) => {
        if (mine !== generation.current) return;
        const page = data.datasetDataRows;
        cursor.current = page.pageInfo.startCursor;
        setRows((old) => old.concat(page.nodes));
        if (!page.pageInfo.hasNextPage || !page.pageInfo.startCursor) setDone(true);
      })
      .catch((e: unknown) => {
        if (mine === generation.current) setError(toApiError(e));
      })
      .finally(() => {
        if (mine === generation.current) {
          inFlight.current = false;
          setLoading(false);
        }
      });
  }, [api, datasetId, filterKey, done]);

  // A new dataset or filter: forget everything and load the first page.
  useEffect(() => {
    generation.current++;
    cursor.current = null;
    inFlight.current = false;
    setRows([]);
    setDone(false);
    setError(undefined);
  }, [datasetId, filterKey]);
  useEffect(() => {
    if (rows.length === 0 && !done && !inFlight.current) loadMore();
  }, [rows.length, done, loadMore]);

  const reload = useCallback(() => {
    generation.current++;
    cursor.current = null;
    inFlight.current = false;
    setRows([]);
    setDone(false);
  }, []);
  return { rows, loading, error, hasMore: !done, loadMore, reload };
}
