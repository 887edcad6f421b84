/** A token with its character offsets in the source text (`end` exclusive). */
export type Token = {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly newSentence: boolean;
};

// Words (letters/digits, joined by inner apostrophes or hyphens) or single punctuation marks.
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

/**
 * Splits text into tokens with offsets. A line break between two tokens starts a new sentence (CoNLL blank
 * line); sentence boundaries are not guessed from punctuation, so abbreviations cannot split a sentence.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const gap = text.slice(last, start);
    tokens.push({
      text: m[0],
      start,
      end: start + m[0].length,
      newSentence: tokens.length > 0 && gap.includes('\n'),
    });
    last = start + m[0].length;
  }
  return tokens;
}
