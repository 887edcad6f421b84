import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildOntologyIndex,
  completeOntology,
  parseOntology,
  type NormalizedOntology,
} from '../src/index.ts';

function ontology(): NormalizedOntology {
  let n = 0;
  const parsed = parseOntology({
    tools: [
      {
        tool: 'rectangle',
        name: 'box',
        classifications: [
          { type: 'radio', name: 'color', options: [{ value: 'red', label: 'Red' }, { value: 'blue' }] },
        ],
      },
      { tool: 'polygon', name: 'cat' },
    ],
    classifications: [
      {
        type: 'radio',
        name: 'weather',
        options: [
          {
            value: 'rain',
            options: [
              { type: 'checklist', name: 'kind', options: [{ value: 'drizzle' }, { value: 'storm' }] },
            ],
          },
        ],
      },
      { type: 'text', name: 'box' },
    ],
  });
  assert.ok(parsed.ok);
  return completeOntology(parsed.value, { newId: () => `c${String(++n).padStart(24, '0')}` });
}

describe('ontology lookup index', () => {
  const normalized = ontology();
  const sut = buildOntologyIndex(normalized);

  it('indexes every node by feature schema id and schema node id', () => {
    assert.equal(sut.nodes.length, 11);
    for (const ref of sut.nodes) {
      assert.equal(sut.byFeatureSchemaId(ref.node.featureSchemaId), ref);
      assert.equal(sut.bySchemaNodeId(ref.node.schemaNodeId), ref);
      assert.equal(sut.byId(ref.node.featureSchemaId), ref);
    }
    assert.equal(sut.byId('unknown'), undefined);
  });

  it('resolves names per root list, then child by child', () => {
    const box = sut.tool('box');
    assert.equal(box?.kind, 'tool');
    assert.equal(box?.node.tool, 'rectangle');
    assert.equal(
      sut.classification('box')?.node.type,
      'text',
      'tools and classifications are separate name spaces',
    );
    const color = sut.child(box!, 'color');
    assert.equal(color?.kind, 'classification');
    assert.equal(sut.child(color!, 'red')?.path, 'tools[0].classifications[0].options[0]');
    assert.equal(
      sut.child(color!, 'Red')?.node.featureSchemaId,
      sut.child(color!, 'red')?.node.featureSchemaId,
      'an option also answers to its label',
    );
    assert.equal(sut.child(color!, 'green'), undefined);
  });

  it('resolves a whole name path and walks back to the root', () => {
    const storm = sut.byNamePath('classification', ['weather', 'rain', 'kind', 'storm']);
    assert.equal(storm?.kind, 'option');
    assert.deepEqual(storm?.names, ['weather', 'rain', 'kind', 'storm']);
    assert.equal(storm?.path, 'classifications[0].options[0].options[0].options[1]');
    assert.equal(storm?.parent?.node.name, 'kind');
    assert.equal(sut.root(storm!).node.name, 'weather');
    assert.equal(sut.byNamePath('tool', ['weather']), undefined);
    assert.deepEqual(
      sut.children(sut.classification('weather')!).map((c) => c.names.at(-1)),
      ['rain'],
    );
    assert.deepEqual(
      sut.roots.map((r) => r.node.name),
      ['box', 'cat', 'weather', 'box'],
    );
  });

  it('marks archived roots and everything under them', () => {
    const withArchived: NormalizedOntology = {
      ...normalized,
      tools: [{ ...normalized.tools[0]!, archived: true }, normalized.tools[1]!],
    };
    const index = buildOntologyIndex(withArchived);
    assert.equal(index.tool('box')?.archived, true);
    assert.equal(index.byNamePath('tool', ['box', 'color', 'blue'])?.archived, true);
    assert.equal(index.tool('cat')?.archived, false);
  });
});
