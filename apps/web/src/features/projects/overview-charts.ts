/** Rows of the overview's charts, from the project's task-queue counts and labeler performance. */
export type ChartRow = { name: string; value: number };

/** `workstreamStateCounts` states in the order work flows, with the names people use. */
const QUEUE_STATES: ReadonlyArray<[state: string, name: string]> = [
  ['Unlabeled', 'To label'],
  ['InReview', 'In review'],
  ['InRework', 'In rework'],
  ['Done', 'Done'],
  ['Skipped', 'Skipped'],
];

export function queueRows(counts: ReadonlyArray<{ state: string; count: number }>): ChartRow[] {
  const by = new Map(counts.map((c) => [c.state, c.count]));
  return QUEUE_STATES.map(([state, name]) => ({ name, value: by.get(state) ?? 0 }));
}

export type Performance = {
  count: number;
  secondsPerLabel: number;
  consensus: number | null;
  averageBenchmarkAgreement: number | null;
  user: { email: string };
};

/** Labels submitted per labeler, most first. */
export function throughputRows(rows: readonly Performance[]): ChartRow[] {
  return rows
    .map((r) => ({ name: r.user.email, value: r.count }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}

/** Seconds per label per labeler, in the throughput chart's order. */
export function paceRows(rows: readonly Performance[]): ChartRow[] {
  const order = throughputRows(rows).map((r) => r.name);
  const by = new Map(rows.map((r) => [r.user.email, r.secondsPerLabel]));
  return order.map((name) => ({ name, value: by.get(name) ?? 0 }));
}

/**
 * Agreement per labeler in percent: consensus (their labels against the other labels of the same rows) and
 * benchmark (against the benchmark label), only for labelers with a score of that kind.
 */
export function agreementRows(rows: readonly Performance[], kind: 'consensus' | 'benchmark'): ChartRow[] {
  return rows.flatMap((r) => {
    const score = kind === 'consensus' ? r.consensus : r.averageBenchmarkAgreement;
    return score === null ? [] : [{ name: r.user.email, value: Math.round(score * 1000) / 10 }];
  });
}
