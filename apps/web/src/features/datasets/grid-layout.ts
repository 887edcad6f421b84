/** Which cells of a virtual grid are on screen: pure, so it is tested without a browser. */
export type GridWindow = { columns: number; firstRow: number; lastRow: number; totalHeight: number };

export function gridWindow(input: {
  count: number;
  width: number;
  cellWidth: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscanRows?: number;
}): GridWindow {
  const columns = Math.max(1, Math.floor(input.width / input.cellWidth));
  const rowCount = Math.ceil(input.count / columns);
  const overscan = input.overscanRows ?? 2;
  const firstRow = Math.max(0, Math.floor(input.scrollTop / input.rowHeight) - overscan);
  const lastRow = Math.min(
    rowCount - 1,
    Math.ceil((input.scrollTop + input.viewportHeight) / input.rowHeight) + overscan,
  );
  return { columns, firstRow, lastRow, totalHeight: rowCount * input.rowHeight };
}

/** True when the viewport is within `threshold` pixels of the loaded rows' end: time to fetch the next page. */
export function nearEnd(
  scrollTop: number,
  viewportHeight: number,
  totalHeight: number,
  threshold = 800,
): boolean {
  return scrollTop + viewportHeight >= totalHeight - threshold;
}
