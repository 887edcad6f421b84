/** One label of a consensus data row, in the order the labels were created. */
export type ConsensusInput<L> = { readonly id: string; readonly label: L };

export type ConsensusResult = {
  /** Each label's consensus score: its mean agreement with every other label of the row (null when alone). */
  readonly labelScores: ReadonlyMap<string, number | null>;
  /** The row's agreement: the mean over every pair of its labels (null with fewer than two labels). */
  readonly rowScore: number | null;
  /** The label that agrees best with the others (the earliest on ties); the only label when alone. */
  readonly winnerId: string | null;
};

/**
 * Labelbox's consensus: pairwise agreement between every two labels of a data row, averaged per label and per row.
 * `agreement` is the pair score (labelAgreement); it is called once per pair.
 */
export function consensusScores<L>(
  labels: readonly ConsensusInput<L>[],
  agreement: (a: L, b: L) => number,
): ConsensusResult {
  const sums = labels.map(() => 0);
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const score = agreement(labels[i]!.label, labels[j]!.label);
      sums[i]! += score;
      sums[j]! += score;
      total += score;
      pairs++;
    }
  const labelScores = new Map<string, number | null>();
  let winnerId: string | null = labels[0]?.id ?? null;
  let best = -1;
  labels.forEach((l, i) => {
    const score = labels.length > 1 ? sums[i]! / (labels.length - 1) : null;
    labelScores.set(l.id, score);
    if (score !== null && score > best) {
      best = score;
      winnerId = l.id;
    }
  });
  return { labelScores, rowScore: pairs > 0 ? total / pairs : null, winnerId };
}
