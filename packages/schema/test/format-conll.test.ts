import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collectPieces,
  collectedText,
  createConllWriter,
  groupAnnotations,
  tokenize,
  type TextEntityAnnotation,
} from '../src/index.ts';

/** Spans as Labelbox stores them: `end` is the index of the last character. */
const entity = (
  uuid: string,
  name: string,
  start: number,
  end: number,
  messageId?: string,
): TextEntityAnnotation => ({
  kind: 'text-entity',
  uuid,
  featureSchemaId: `fs-${name}`,
  name,
  start,
  end,
  classifications: [],
  ...(messageId !== undefined && { messageId }),
});

describe('tokenizer', () => {
  it('keeps offsets, splits punctuation, keeps inner apostrophes and hyphens, marks line breaks', () => {
    assert.deepEqual(
      tokenize("Don't re-enter.\nOK").map((t) => [t.text, t.start, t.end, t.newSentence]),
      [
        ["Don't", 0, 5, false],
        ['re-enter', 6, 14, false],
        ['.', 14, 15, false],
        ['OK', 16, 18, true],
      ],
    );
  });
});

describe('CoNLL-2003', () => {
  it('writes BIO tags from inclusive spans, sentences split at line breaks', () => {
    const text = 'Barack Obama visited Paris.\nHe left.';
    const sut = createConllWriter();
    const doc = groupAnnotations([
      entity('e1', 'PER', 0, 11),
      entity('e2', 'LOC', 21, 25),
      entity('e3', 'PER', 0, 3, 'm-1'),
    ]);
    const files = collectPieces([
      ...sut.row({ dataRow: { id: 'dr-1', text }, labels: [doc] }),
      ...sut.finish(),
    ]);
    assert.equal(
      collectedText(files).get('annotations.conll'),
      [
        '-DOCSTART- -X- -X- O',
        '',
        'Barack -X- _ B-PER',
        'Obama -X- _ I-PER',
        'visited -X- _ O',
        'Paris -X- _ B-LOC',
        '. -X- _ O',
        '',
        'He -X- _ O',
        'left -X- _ O',
        '. -X- _ O',
        '',
        '',
      ].join('\n'),
    );
    assert.deepEqual(sut.stats, { rows: 1, annotations: 2, skipped: 1 });
  });

  it('starts a new entity (B-) for adjacent spans, tags partly covered tokens, and skips rows without text', () => {
    const sut = createConllWriter({ file: 'out.txt' });
    const doc = groupAnnotations([
      entity('a', 'Person name', 0, 2),
      entity('b', 'Person name', 4, 6),
      entity('c', 'ORG', 9, 10),
    ]);
    const pieces = [
      ...sut.row({ dataRow: { id: 'dr-1', text: 'Ann Bob Acme' }, labels: [doc] }),
      ...sut.row({ dataRow: { id: 'dr-2' }, labels: [doc] }),
      ...sut.finish(),
    ];
    assert.equal(
      collectedText(collectPieces(pieces)).get('out.txt'),
      '-DOCSTART- -X- -X- O\n\nAnn -X- _ B-Person_name\nBob -X- _ B-Person_name\nAcme -X- _ B-ORG\n\n',
    );
    assert.deepEqual(sut.stats, { rows: 2, annotations: 3, skipped: 3 });
  });
});
