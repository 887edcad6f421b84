// Deterministic scenes for the editor benchmark: boxes or polygons as NDJSON lines, a long text with entities.
import type { NormalizedOntology } from '@labelyard/schema';

export const IMAGE = { width: 8000, height: 6000 };

export const ontology: NormalizedOntology = {
  tools: [
    ['fs-car', 'Car', 'rectangle', '#ef4444'],
    ['fs-person', 'Person', 'rectangle', '#22c55e'],
    ['fs-sign', 'Sign', 'rectangle', '#3b82f6'],
    ['fs-road', 'Road', 'polygon', '#eab308'],
    ['fs-ent', 'Entity', 'named-entity', '#f97316'],
    ['fs-org', 'Organisation', 'named-entity', '#a855f7'],
  ].map(([id, name, tool, color]) => ({
    schemaNodeId: `n-${id}`,
    featureSchemaId: id,
    name,
    tool: tool as 'rectangle',
    color,
    required: false,
    classifications: [],
  })),
  classifications: [],
};

/** Park–Miller: the same scene every run. */
export function random(seed = 42): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

export function boxLines(n: number): Record<string, unknown>[] {
  const rnd = random(n);
  const names = ['Car', 'Person', 'Sign'];
  return Array.from({ length: n }, (_, i) => {
    const width = 8 + Math.round(rnd() * 80);
    const height = 8 + Math.round(rnd() * 80);
    return {
      uuid: `b${i}`,
      name: names[i % 3],
      bbox: {
        left: Math.round(rnd() * (IMAGE.width - width)),
        top: Math.round(rnd() * (IMAGE.height - height)),
        width,
        height,
      },
    };
  });
}

export function polygonLines(n: number, vertices: number): Record<string, unknown>[] {
  const rnd = random(n + vertices);
  return Array.from({ length: n }, (_, i) => {
    const r = 20 + rnd() * 60;
    const cx = r + rnd() * (IMAGE.width - 2 * r);
    const cy = r + rnd() * (IMAGE.height - 2 * r);
    // A star-ish but simple ring: radius varies, angle increases monotonically.
    const polygon = Array.from({ length: vertices }, (_, k) => {
      const a = (k / vertices) * Math.PI * 2;
      const rr = r * (0.7 + 0.3 * rnd());
      return {
        x: Math.round((cx + rr * Math.cos(a)) * 100) / 100,
        y: Math.round((cy + rr * Math.sin(a)) * 100) / 100,
      };
    });
    return { uuid: `p${i}`, name: 'Road', polygon };
  });
}

const WORDS =
  'the quick brown fox jumps over a lazy dog while Zoë writes café notes 👩‍👩‍👧 in Kraków and 東京 on Tuesday'.split(
    ' ',
  );

/** About `bytes` UTF-16 code units of text in paragraphs with CRLF line ends, emoji and combining marks. */
export function longText(bytes: number): string {
  const rnd = random(7);
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const sentence = Array.from(
      { length: 8 + Math.floor(rnd() * 12) },
      () => WORDS[Math.floor(rnd() * WORDS.length)],
    ).join(' ');
    const piece = `${sentence[0].toUpperCase()}${sentence.slice(1)}.${rnd() < 0.15 ? '\r\n\r\n' : ' '}`;
    parts.push(piece);
    n += piece.length;
  }
  return parts.join('');
}

/** `n` entity lines over the text: word-aligned, some nested inside others. */
export function entityLines(text: string, n: number): Record<string, unknown>[] {
  const rnd = random(11);
  const words: Array<[number, number]> = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) words.push([m.index, m.index + m[0].length - 1]);
  return Array.from({ length: n }, (_, i) => {
    const w = Math.floor(rnd() * (words.length - 3));
    const span = 1 + Math.floor(rnd() * 3);
    return {
      uuid: `e${i}`,
      name: i % 4 === 0 ? 'Organisation' : 'Entity',
      location: { start: words[w][0], end: words[w + span - 1][1] },
    };
  });
}
