import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annotationToNdjson,
  objectIou,
  objectToV2,
  parseNdjsonLine,
  type ObjectAnnotation,
} from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';

const line = {
  uuid: 'u-doc',
  dataRow,
  name: 'named-entity',
  textSelections: [
    { tokenIds: ['t1', 't2'], groupId: 'g1', page: 1 },
    { tokenIds: ['t9'], groupId: 'g4', page: 3 },
  ],
  classifications: [],
};
const parse = (l: unknown) => parseNdjsonLine(JSON.stringify(l), createParseContext(undefined));

describe('document entities (textSelections)', () => {
  it('reads a named-entity line with textSelections as a document entity, and writes it back', () => {
    const r = parse(line);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.annotation, {
      kind: 'document-entity',
      uuid: 'u-doc',
      featureSchemaId: 'fs-ner',
      name: 'named-entity',
      selections: line.textSelections,
      classifications: [],
    });
    const written = annotationToNdjson(r.annotation);
    assert.deepEqual(written, {
      uuid: 'u-doc',
      name: 'named-entity',
      schemaId: 'fs-ner',
      textSelections: line.textSelections,
      classifications: [],
    });
  });

  it('exports v2 as DocumentEntityToken with the groups of tokens per page', () => {
    const r = parse(line);
    assert.ok(r.ok);
    const v2 = objectToV2(r.annotation as ObjectAnnotation);
    assert.equal(v2.annotation_kind, 'DocumentEntityToken');
    assert.deepEqual(v2.location, {
      groups: [
        { id: 'g1', page_number: 1, tokens: ['t1', 't2'] },
        { id: 'g4', page_number: 3, tokens: ['t9'] },
      ],
    });
  });

  it('still reads text entities by location for the same tool', () => {
    const r = parse({ ...line, textSelections: undefined, location: { start: 1, end: 4 } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.annotation.kind, 'text-entity');
  });

  it('names the field of every malformed selection', () => {
    for (const [textSelections, path] of [
      [[], 'textSelections'],
      [[{ tokenIds: [], groupId: 'g', page: 1 }], 'textSelections[0].tokenIds'],
      [[{ tokenIds: ['t'], groupId: '', page: 1 }], 'textSelections[0].groupId'],
      [[{ tokenIds: ['t'], groupId: 'g', page: 0 }], 'textSelections[0].page'],
      [[{ tokenIds: ['t'], groupId: 'g', page: 1.5 }], 'textSelections[0].page'],
      [['x'], 'textSelections[0]'],
    ] as const) {
      const r = parse({ ...line, textSelections });
      assert.equal(r.ok, false, JSON.stringify(textSelections));
      assert.ok(
        !r.ok && r.errors.some((e) => e.path === path),
        `${JSON.stringify(textSelections)}: ${JSON.stringify(!r.ok && r.errors)}`,
      );
    }
  });

  it('agrees by shared tokens (hand-computed)', () => {
    const a = parse(line);
    // b shares t2 on page 1 group g1 and adds t3: a = {t1, t2, t9}, b = {t2, t3} → 1 shared of 4 → 0.25.
    const b = parse({
      ...line,
      uuid: 'u-b',
      textSelections: [{ tokenIds: ['t2', 't3'], groupId: 'g1', page: 1 }],
    });
    assert.ok(a.ok && b.ok);
    assert.equal(objectIou(a.annotation as ObjectAnnotation, b.annotation as ObjectAnnotation), 0.25);
    // The same token id on another page is another token.
    const c = parse({ ...line, uuid: 'u-c', textSelections: [{ tokenIds: ['t1'], groupId: 'g1', page: 2 }] });
    assert.ok(c.ok);
    assert.equal(objectIou(a.annotation as ObjectAnnotation, c.annotation as ObjectAnnotation), 0);
  });
});
