/** What we draw of a legacy v1 label (`Label.label`): boxes, polygons, lines and points, with their class. */
export type Shape =
  | { kind: 'box'; title: string; x: number; y: number; w: number; h: number }
  | { kind: 'polygon' | 'line'; title: string; points: Array<{ x: number; y: number }> }
  | { kind: 'point'; title: string; x: number; y: number };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function points(v: unknown): Array<{ x: number; y: number }> | null {
  if (!Array.isArray(v)) return null;
  const out: Array<{ x: number; y: number }> = [];
  for (const p of v) {
    if (!isObj(p) || num(p.x) === null || num(p.y) === null) return null;
    out.push({ x: p.x as number, y: p.y as number });
  }
  return out;
}

/** Shapes of a label's JSON; anything malformed is skipped rather than drawn wrong. */
export function shapesOfLabel(json: string): Shape[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  const objects = isObj(parsed) && Array.isArray(parsed.objects) ? parsed.objects : [];
  const shapes: Shape[] = [];
  for (const o of objects) {
    if (!isObj(o)) continue;
    const title = typeof o.title === 'string' ? o.title : typeof o.value === 'string' ? o.value : 'object';
    if (isObj(o.bbox)) {
      const [x, y, w, h] = [num(o.bbox.left), num(o.bbox.top), num(o.bbox.width), num(o.bbox.height)];
      if (x !== null && y !== null && w !== null && h !== null)
        shapes.push({ kind: 'box', title, x, y, w, h });
    } else if (points(o.polygon)) shapes.push({ kind: 'polygon', title, points: points(o.polygon)! });
    else if (points(o.line)) shapes.push({ kind: 'line', title, points: points(o.line)! });
    else if (isObj(o.point) && num(o.point.x) !== null && num(o.point.y) !== null) {
      shapes.push({ kind: 'point', title, x: o.point.x as number, y: o.point.y as number });
    }
  }
  return shapes;
}
