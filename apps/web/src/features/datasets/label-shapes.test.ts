import { describe, expect, it } from 'vitest';
import { shapesOfLabel } from './label-shapes.ts';

describe('shapesOfLabel', () => {
  it('draws boxes, polygons, lines and points; skips malformed objects', () => {
    const sut = shapesOfLabel(
      JSON.stringify({
        objects: [
          { title: 'car', bbox: { top: 1, left: 2, height: 3, width: 4 } },
          {
            title: 'road',
            polygon: [
              { x: 0, y: 0 },
              { x: 5, y: 0 },
              { x: 5, y: 5 },
            ],
          },
          {
            title: 'lane',
            line: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
          { title: 'eye', point: { x: 9, y: 8 } },
          { title: 'bad', bbox: { top: 'x' } },
        ],
      }),
    );
    expect(sut.map((s) => s.kind)).toEqual(['box', 'polygon', 'line', 'point']);
    expect(sut[0]).toEqual({ kind: 'box', title: 'car', x: 2, y: 1, w: 4, h: 3 });
  });

  it('returns nothing for invalid JSON', () => {
    expect(shapesOfLabel('{')).toEqual([]);
  });
});
