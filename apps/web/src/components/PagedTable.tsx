import type { ReactNode } from 'react';
import type { PagedQuery } from '../api/paged-query.ts';
import { Button } from './Button.tsx';
import { ErrorMessage, Loading } from './Feedback.tsx';

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
};

type Props<T> = {
  /** The table's accessible name, and the noun of its "Load more" button (e.g. "datasets"). */
  label: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  pages: PagedQuery<T>;
  /** Shown when the first page is empty. */
  empty: ReactNode;
};

/** A list page's table: loading and error states, the rows loaded so far, and a button for the next page. */
export function PagedTable<T>({ label, columns, rowKey, pages, empty }: Props<T>) {
  return (
    <>
      <ErrorMessage error={pages.error} />
      {pages.loading ? <Loading /> : null}
      {!pages.loading && !pages.error && pages.items.length === 0 ? empty : null}
      {pages.items.length > 0 ? (
        <table className="ly-table" aria-label={label}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'ly-num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pages.items.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.header} className={c.numeric ? 'ly-num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pages.hasMore && pages.items.length > 0 ? (
        <div className="ly-table__more">
          <Button busy={pages.loadingMore} onClick={pages.loadMore}>
            Load more {label}
          </Button>
        </div>
      ) : null}
    </>
  );
}
