import { describe, expect, it } from 'vitest';
import { agreementRows, paceRows, queueRows, throughputRows } from './overview-charts.ts';

const perf = (email: string, count: number, consensus: number | null, benchmark: number | null) => ({
  count,
  secondsPerLabel: count * 2,
  consensus,
  averageBenchmarkAgreement: benchmark,
  user: { email },
});

describe('overview charts', () => {
  it('puts the task-queue states in the order work flows, zero when a state is missing', () => {
    expect(
      queueRows([
        { state: 'Done', count: 4 },
        { state: 'Unlabeled', count: 7 },
        { state: 'All', count: 11 },
      ]),
    ).toEqual([
      { name: 'To label', value: 7 },
      { name: 'In review', value: 0 },
      { name: 'In rework', value: 0 },
      { name: 'Done', value: 4 },
      { name: 'Skipped', value: 0 },
    ]);
  });

  it('ranks labelers by labels, keeps that order for the pace, and shows agreement in percent where scored', () => {
    const rows = [perf('b@x', 3, 0.8123, null), perf('a@x', 9, null, 0.5), perf('c@x', 3, null, null)];
    expect(throughputRows(rows).map((r) => r.name)).toEqual(['a@x', 'b@x', 'c@x']);
    expect(paceRows(rows)).toEqual([
      { name: 'a@x', value: 18 },
      { name: 'b@x', value: 6 },
      { name: 'c@x', value: 6 },
    ]);
    expect(agreementRows(rows, 'consensus')).toEqual([{ name: 'b@x', value: 81.2 }]);
    expect(agreementRows(rows, 'benchmark')).toEqual([{ name: 'a@x', value: 50 }]);
  });
});
