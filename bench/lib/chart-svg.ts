/**
 * One SVG bar chart per benchmark, written by code (no network, no plotting library): for every figure the ratio
 * ours ÷ baseline as a bar on a 0–1 scale (longer is better), with the target as a tick.
 */
import type { BenchResult } from './report.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratioChart(result: BenchResult): string {
  const rowH = 34;
  const labelW = 330;
  const barW = 420;
  const top = 44;
  const width = labelW + barW + 90;
  const height = top + rowH * Math.max(1, result.ratios.length) + 30;
  const scaleMax = Math.max(1, ...result.ratios.map((r) => r.ours / r.baseline));
  const x = (ratio: number) => labelW + (Math.min(ratio, scaleMax) / scaleMax) * barW;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="bold">${esc(result.title)}</text>`,
    `<text x="${labelW}" y="38" fill="#555">ratio to the baseline (ours ÷ baseline; 1 = the physical limit)</text>`,
  ];
  result.ratios.forEach((r, i) => {
    const ratio = r.ours / r.baseline;
    const y = top + i * rowH;
    const met = r.target === undefined || ratio >= r.target;
    const name = r.name.length > 52 ? `${r.name.slice(0, 50)}…` : r.name;
    parts.push(
      `<text x="${labelW - 8}" y="${y + 20}" text-anchor="end">${esc(name)}</text>`,
      `<rect x="${labelW}" y="${y + 6}" width="${barW}" height="20" fill="#eee"/>`,
      `<rect x="${labelW}" y="${y + 6}" width="${(x(ratio) - labelW).toFixed(1)}" height="20" fill="${met ? '#2f855a' : '#c05621'}"/>`,
      `<text x="${labelW + barW + 8}" y="${y + 20}">${ratio.toFixed(3)}</text>`,
    );
    if (r.target !== undefined) {
      const tx = x(r.target).toFixed(1);
      parts.push(
        `<line x1="${tx}" y1="${y + 2}" x2="${tx}" y2="${y + 30}" stroke="#000" stroke-width="2"/>`,
        `<title>target ≥ ${r.target}</title>`,
      );
    }
  });
  parts.push(
    `<text x="12" y="${height - 10}" fill="#555">green: target met · orange: not met · black tick: target</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}
