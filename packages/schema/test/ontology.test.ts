import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  completeOntology,
  completeRoot,
  isColor,
  paletteColor,
  parseOntology,
  parseRootNode,
  type NormalizedClassification,
  type NormalizedOntology,
  type NormalizedTool,
} from '../src/index.ts';

const counter = () => {
  let n = 0;
  return () => `c${String(++n).padStart(24, '0')}`;
};

/** What the SDK's OntologyBuilder.asdict() sends (§3.4.3), with a nested classification on the tool. */
const builderPayload = {
  tools: [
    {
      tool: 'rectangle',
      name: 'box',
      required: false,
      color: '#ff0000',
      classifications: [
        {
          type: 'text',
          instructions: 'note',
          name: 'note',
          required: false,
          options: [],
          schemaNodeId: null,
          featureSchemaId: null,
        },
      ],
      schemaNodeId: null,
      featureSchemaId: null,
    },
    {
      tool: 'polygon',
      name: 'cat',
      required: false,
      color: null,
      classifications: [],
      schemaNodeId: null,
      featureSchemaId: null,
    },
  ],
  classifications: [
    {
      type: 'radio',
      instructions: 'q',
      name: 'q',
      required: false,
      options: [
        {
          schemaNodeId: null,
          featureSchemaId: null,
          label: 'yes',
          value: 'yes',
          options: [
            { type: 'checklist', name: 'why', options: [{ value: 'a' }, { value: 'b', label: 'Bee' }] },
          ],
        },
        { schemaNodeId: null, featureSchemaId: null, label: 'no', value: 'no', options: [] },
      ],
      schemaNodeId: null,
      featureSchemaId: null,
      scope: 'global',
    },
  ],
};

function normalize(input: unknown, newId = counter()): NormalizedOntology {
  const parsed = parseOntology(input);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
  return completeOntology(parsed.value, { newId });
}

function firstIssue(input: unknown) {
  const parsed = parseOntology(input);
  assert.equal(parsed.ok, false, 'expected validation to fail');
  return !parsed.ok ? parsed.issues[0]! : { path: '', message: '' };
}

function everyNode(ontology: NormalizedOntology): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const classification = (c: NormalizedClassification) => {
    out.push(c);
    for (const o of c.options) {
      out.push(o);
      o.options.forEach(classification);
    }
  };
  for (const t of ontology.tools) {
    out.push(t);
    t.classifications.forEach(classification);
  }
  ontology.classifications.forEach(classification);
  return out;
}

describe('ontology normalization', () => {
  it('fills ids on every node, instructions, labels, scope and a palette color', () => {
    const sut = normalize(builderPayload);
    const nodes = everyNode(sut);
    assert.equal(nodes.length, 9);
    const ids = nodes.flatMap((n) => [n.schemaNodeId, n.featureSchemaId]);
    assert.ok(ids.every((id) => typeof id === 'string' && id.length === 25));
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.equal(sut.tools[0]!.color, '#ff0000');
    assert.equal(sut.tools[1]!.color, paletteColor(1));
    const why = sut.classifications[0]!.options[0]!.options[0]!;
    assert.equal(why.instructions, 'why');
    assert.equal(why.required, false);
    assert.equal(why.scope, undefined, 'nested classifications get no scope');
    assert.deepEqual(
      why.options.map((o) => o.label),
      ['a', 'Bee'],
    );
    assert.equal(sut.classifications[0]!.scope, 'global');
  });

  it('keeps what the client sent, including unknown keys, in the SDK key order', () => {
    const sut = normalize({
      tools: [{ tool: 'polygon', name: 'cat', color: 'black', classifications: [], hotkey: 'c' }],
      classifications: [],
    });
    const tool = sut.tools[0]!;
    assert.deepEqual(Object.keys(tool), [
      'tool',
      'name',
      'required',
      'color',
      'classifications',
      'schemaNodeId',
      'featureSchemaId',
      'hotkey',
    ]);
    assert.equal(tool.color, 'black');
    assert.deepEqual(tool.classifications, []);
  });

  it('accepts the falsy-stripped dicts of create_feature_schema and legacy instructions-only classifications', () => {
    const tool = parseRootNode({ tool: 'point', name: 'pt' });
    assert.ok(tool.ok);
    const done = completeRoot(tool.value, { newId: counter() }) as NormalizedTool;
    assert.deepEqual([done.required, done.color, done.classifications], [false, paletteColor(0), []]);
    const legacy = parseRootNode({ type: 'text', instructions: 'Describe' });
    assert.ok(legacy.ok);
    assert.equal(legacy.value.name, 'Describe');
    assert.equal((legacy.value as NormalizedClassification).scope, undefined, 'no scope is added');
  });

  it('drops a client-sent archived flag (the server manages it)', () => {
    const sut = normalize({ tools: [{ tool: 'line', name: 'l', archived: true }] });
    assert.equal('archived' in sut.tools[0]!, false);
  });

  it('names the path of a bad tool type, a missing name and a bad color', () => {
    const badTool = firstIssue({
      tools: [
        { tool: 'rectangle', name: 'a' },
        { tool: 'circle', name: 'b' },
      ],
    });
    assert.equal(badTool.path, 'normalized.tools[1].tool');
    assert.match(badTool.message, /"circle" is not one of rectangle, polygon/);
    assert.deepEqual(firstIssue({ tools: [{ tool: 'point' }] }), {
      path: 'normalized.tools[0].name',
      message: 'is required',
    });
    assert.equal(firstIssue({ tools: [{ tool: 'point', name: '  ' }] }).path, 'normalized.tools[0].name');
    const color = firstIssue({ tools: [{ tool: 'point', name: 'p', color: 'blurple' }] });
    assert.equal(color.path, 'normalized.tools[0].color');
    assert.match(color.message, /"blurple" is not a color/);
    assert.equal(
      firstIssue({ classifications: [{ type: 'radio', options: [{ value: 'x' }] }] }).path,
      'normalized.classifications[0].name',
    );
    assert.equal(
      firstIssue({ classifications: [{ type: 'yesno', name: 'q' }] }).path,
      'normalized.classifications[0].type',
    );
  });

  it('refuses duplicate sibling names and option values at any depth', () => {
    const tools = firstIssue({
      tools: [
        { tool: 'point', name: 'p' },
        { tool: 'line', name: 'p' },
      ],
    });
    assert.equal(tools.path, 'normalized.tools[1].name');
    assert.match(tools.message, /duplicate tool name "p"/);
    const options = firstIssue({
      classifications: [{ type: 'radio', name: 'q', options: [{ value: 'a' }, { value: 'a', label: 'A' }] }],
    });
    assert.equal(options.path, 'normalized.classifications[0].options[1].value');
    const nested = firstIssue({
      classifications: [
        {
          type: 'radio',
          name: 'q',
          options: [
            {
              value: 'a',
              options: [
                { type: 'text', name: 'n' },
                { type: 'text', name: 'n' },
              ],
            },
          ],
        },
      ],
    });
    assert.equal(nested.path, 'normalized.classifications[0].options[0].options[1].name');
    // Tools and classifications are separate name spaces.
    assert.ok(
      parseOntology({ tools: [{ tool: 'point', name: 'x' }], classifications: [{ type: 'text', name: 'x' }] })
        .ok,
    );
  });

  it('requires options on choice classifications and refuses a root feature twice', () => {
    assert.equal(
      firstIssue({ classifications: [{ type: 'checklist', name: 'q', options: [] }] }).path,
      'normalized.classifications[0].options',
    );
    const twice = firstIssue({
      tools: [
        { tool: 'point', name: 'a', featureSchemaId: 'x' },
        { tool: 'line', name: 'b', featureSchemaId: 'x' },
      ],
    });
    assert.equal(twice.path, 'normalized.tools[1].featureSchemaId');
  });

  it('refuses non-objects, wrong list types and absurd nesting', () => {
    assert.equal(firstIssue('tools').path, 'normalized');
    assert.equal(firstIssue({ tools: {} }).path, 'normalized.tools');
    let deep: Record<string, unknown> = { type: 'text', name: 'leaf' };
    for (let i = 0; i < 60; i++)
      deep = { type: 'radio', name: `q${i}`, options: [{ value: 'v', options: [deep] }] };
    assert.match(firstIssue({ classifications: [deep] }).message, /nests deeper/);
    assert.equal(parseRootNode([]).ok, false);
    assert.equal(parseRootNode({ name: 'neither' }).ok, false);
  });

  it('checks colors in the forms clients send', () => {
    for (const ok of [
      '#f00',
      '#FF0000',
      '#ff000080',
      'black',
      'RebeccaPurple',
      'rgb(255, 0, 0)',
      'hsl(120 50% 50%)',
    ])
      assert.ok(isColor(ok), ok);
    for (const bad of ['', 'red-ish', '#ff000', '#gg0000', 'rgb(1,2)'])
      assert.equal(isColor(bad), false, bad);
  });
});

describe('ontology completion against a stored root', () => {
  const stored = normalize(builderPayload).classifications[0]!;

  it('keeps stored ids, matching children by id or else by name, and gives new nodes new ids', () => {
    const parsed = parseRootNode({
      type: 'radio',
      name: 'question',
      featureSchemaId: stored.featureSchemaId,
      options: [
        { value: 'no' }, // matched by value
        { value: 'maybe', featureSchemaId: 'c-someone-elses-id-000000' }, // foreign id: new node
        {
          value: 'yes',
          featureSchemaId: stored.options[0]!.featureSchemaId,
          options: [{ type: 'checklist', name: 'why', options: [{ value: 'b' }] }],
        },
      ],
    });
    assert.ok(parsed.ok);
    const sut = completeRoot(parsed.value, {
      newId: () => 'cnew00000000000000000000' + 'x',
      stored,
    }) as NormalizedClassification;
    assert.equal(sut.featureSchemaId, stored.featureSchemaId);
    assert.equal(sut.schemaNodeId, stored.schemaNodeId);
    assert.equal(sut.name, 'question');
    assert.equal(sut.options[0]!.featureSchemaId, stored.options[1]!.featureSchemaId);
    assert.equal(sut.options[1]!.featureSchemaId, 'cnew00000000000000000000x');
    assert.equal(sut.options[2]!.schemaNodeId, stored.options[0]!.schemaNodeId);
    const why = sut.options[2]!.options[0]!;
    assert.equal(why.featureSchemaId, stored.options[0]!.options[0]!.featureSchemaId);
    assert.equal(why.options[0]!.featureSchemaId, stored.options[0]!.options[0]!.options[1]!.featureSchemaId);
  });

  it('keeps the stored color of a tool sent without one, and never reuses a root of the other kind', () => {
    const tool = normalize({ tools: [{ tool: 'point', name: 'p', color: 'teal' }] }).tools[0]!;
    const parsed = parseRootNode({ tool: 'point', name: 'p2', featureSchemaId: tool.featureSchemaId });
    assert.ok(parsed.ok);
    const sut = completeRoot(parsed.value, { newId: counter(), stored: tool }) as NormalizedTool;
    assert.equal(sut.color, 'teal');
    const asClassification = parseRootNode({
      type: 'text',
      name: 't',
      featureSchemaId: tool.featureSchemaId,
    });
    assert.ok(asClassification.ok);
    const fresh = () => 'cfresh0000000000000000000';
    assert.equal(
      completeRoot(asClassification.value, { newId: fresh, stored: tool }).featureSchemaId,
      fresh(),
    );
  });
});
