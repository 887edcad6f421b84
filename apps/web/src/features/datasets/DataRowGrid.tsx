import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { gridWindow, nearEnd } from './grid-layout.ts';
import { rowPreview, rowTitle } from './row-preview.ts';
import type { GridRow } from './use-data-row-pages.ts';

const CELL_WIDTH = 200;
const ROW_HEIGHT = 232;

type Props = {
  datasetId: string;
  rows: readonly GridRow[];
  hasMore: boolean;
  loadMore: () => void;
};

/**
 * Thumbnails (images) or snippets (text) in a virtual grid: only the cells on screen exist in the DOM, so a
 * million loaded rows cost what twenty do. Scrolling near the end asks for the next cursor page.
 */
export function DataRowGrid({ datasetId, rows, hasMore, loadMore }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1000, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);
  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return undefined;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const win = gridWindow({
    count: rows.length,
    width: size.width,
    cellWidth: CELL_WIDTH,
    rowHeight: ROW_HEIGHT,
    scrollTop,
    viewportHeight: size.height,
  });
  useEffect(() => {
    if (hasMore && nearEnd(scrollTop, size.height, win.totalHeight)) loadMore();
  }, [hasMore, scrollTop, size.height, win.totalHeight, loadMore]);

  const cells = [];
  const cellWidth = size.width / win.columns;
  for (let r = win.firstRow; r <= win.lastRow; r++) {
    for (let c = 0; c < win.columns; c++) {
      const index = r * win.columns + c;
      const row = rows[index];
      if (!row) break;
      cells.push(
        <li
          key={row.id}
          className="ly-grid__cell"
          style={{ top: r * ROW_HEIGHT, left: c * cellWidth, width: cellWidth - 8, height: ROW_HEIGHT - 8 }}
          aria-posinset={index + 1}
          aria-setsize={hasMore ? -1 : rows.length}
        >
          <GridCell datasetId={datasetId} row={row} />
        </li>,
      );
    }
  }
  return (
    <div
      ref={viewport}
      className="ly-grid"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={0}
      role="region"
      aria-label="Data rows"
    >
      <ul className="ly-grid__canvas" style={{ height: win.totalHeight }} aria-label="Data row thumbnails">
        {cells}
      </ul>
    </div>
  );
}

function GridCell({ datasetId, row }: { datasetId: string; row: GridRow }) {
  const preview = rowPreview(row);
  const title = rowTitle(row);
  return (
    <Link
      className="ly-grid__link"
      to={`/datasets/${datasetId}/rows/${row.id}`}
      aria-label={`Open data row ${title}`}
    >
      <div className="ly-grid__preview">
        {preview.kind === 'image' ? (
          <img src={preview.src} alt="" loading="lazy" decoding="async" />
        ) : preview.kind === 'text' ? (
          <p className="ly-grid__snippet">{preview.text}</p>
        ) : (
          <p className="ly-grid__other">{preview.label}</p>
        )}
      </div>
      <div className="ly-grid__caption">
        <span className="ly-grid__title">{title}</span>
        {row.externalId && row.globalKey ? <span className="ly-grid__sub">{row.externalId}</span> : null}
        {row.metadataFields.length > 0 ? (
          <span className="ly-grid__sub">
            {row.metadataFields
              .slice(0, 2)
              .map((m) => `${m.name}: ${typeof m.value === 'string' ? m.value : JSON.stringify(m.value)}`)
              .join(' · ')}
          </span>
        ) : null}
      </div>
    </Link>
  );
}
