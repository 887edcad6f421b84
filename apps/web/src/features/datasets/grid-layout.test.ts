import { describe, expect, it } from 'vitest';
import { gridWindow, nearEnd } from './grid-layout.ts';

describe('gridWindow', () => {
  it('renders only the rows on screen plus overscan, however many rows are loaded', () => {
    const sut = gridWindow({
      count: 1_000_000,
      width: 1000,
      cellWidth: 200,
      rowHeight: 100,
      scrollTop: 50_000,
      viewportHeight: 600,
      overscanRows: 2,
    });
    expect(sut.columns).toBe(5);
    expect(sut.firstRow).toBe(498);
    expect(sut.lastRow).toBe(508);
    expect(sut.totalHeight).toBe(200_000 * 100);
  });

  it('clamps at both ends', () => {
    const sut = gridWindow({
      count: 3,
      width: 100,
      cellWidth: 200,
      rowHeight: 100,
      scrollTop: 0,
      viewportHeight: 600,
    });
    expect(sut).toEqual({ columns: 1, firstRow: 0, lastRow: 2, totalHeight: 300 });
  });
});

describe('nearEnd', () => {
  it('asks for the next page within the threshold of the end', () => {
    expect(nearEnd(0, 600, 1000, 800)).toBe(true);
    expect(nearEnd(0, 600, 5000, 800)).toBe(false);
  });
});
