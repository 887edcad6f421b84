/**
 * One SVG bar chart per benchmark, written by code (no network, no plotting library). Ratios: ours ÷ baseline as a
 * bar (longer is better, 1 = the physical limit) with the target as a tick. Checks with a limit: the value ÷ the
 * limit as a bar with the limit as the tick at 1 (a maximum is met left of it, a minimum right of it).
 */
import { checkPasses, fmt, type BenchResult } from './report.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Row = { name: string; value: number; tick: number | undefined; met: boolean; text: string };

/** The chart of a result, or undefined when it has neither ratios nor checks with a limit. */
export function benchChart(result: BenchResult): string | undefined {
  const ratios: Row[] = result.ratios.map((r) => {
    const ratio = r.ours / r.baseline;
    return {
      name: r.name,
      value: ratio,
      tick: r.target,
      met: r.target === undefined || ratio >= r.target,
      text: ratio.toFixed(3),
    };
  });
  const checks: Row[] = (result.checks ?? []).flatMap((c) => {
    const limit = c.max ?? c.min;
    if (limit === undefined || limit <= 0) return [];
    const bound = c.max !== undefined ? `< ${fmt(limit)}` : `≥ ${fmt(limit)}`;
    return [
      {
        name: c.name,
        value: c.value / limit,
        tick: 1,
        met: checkPasses(c),
        text: `${fmt(c.value)} ${c.unit} (${bound})`,
      },
    ];
  });
  if (ratios.length + checks.length === 0) return undefined;

  const rowH = 34;
  const labelW = 430;
  const barW = 420;
  const width = labelW + barW + 190;
  const panels = [
    { rows: ratios, caption: 'ratio to the baseline (ours ÷ baseline; 1 = the physical limit)' },
    { rows: checks, caption: 'checks: value ÷ limit (the tick is the limit)' },
  ].filter((p) => p.rows.length > 0);
  const height = 30 + panels.reduce((h, p) => h + 24 + rowH * p.rows.length, 0) + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="bold">${esc(result.title)}</text>`,
  ];
  let y = 30;
  for (const panel of panels) {
    parts.push(`<text x="${labelW}" y="${y + 16}" fill="#555">${esc(panel.caption)}</text>`);
    y += 24;
    const scaleMax = Math.max(1, ...panel.rows.map((r) => Math.max(r.value, r.tick ?? 0) * 1.05));
    const x = (v: number) => labelW + (Math.min(Math.max(v, 0), scaleMax) / scaleMax) * barW;
    for (const r of panel.rows) {
      const name = r.name.length > 70 ? `${r.name.slice(0, 68)}…` : r.name;
      parts.push(
        `<text x="${labelW - 8}" y="${y + 20}" text-anchor="end">${esc(name)}</text>`,
        `<rect x="${labelW}" y="${y + 6}" width="${barW}" height="20" fill="#eee"/>`,
        `<rect x="${labelW}" y="${y + 6}" width="${(x(r.value) - labelW).toFixed(1)}" height="20" fill="${r.met ? '#2f855a' : '#c05621'}"/>`,
        `<text x="${labelW + barW + 8}" y="${y + 20}">${esc(r.text)}</text>`,
      );
      if (r.tick !== undefined) {
        const tx = x(r.tick).toFixed(1);
        parts.push(
          `<line x1="${tx}" y1="${y + 2}" x2="${tx}" y2="${y + 30}" stroke="#000" stroke-width="2"/>`,
        );
      }
      y += rowH;
    }
  }
  parts.push(
    `<text x="12" y="${height - 10}" fill="#555">green: target met · orange: not met · black tick: target or limit</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}
