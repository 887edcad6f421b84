import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  codePointToUtf16,
  completeOntology,
  labelConfigToOntology,
  labelToLsResults,
  lsResultsToLabel,
  ontologyToLabelConfig,
  parseLabelConfig,
  utf16ToCodePoint,
  withLabelStudioKeys,
  type LabelConfig,
  type NormalizedOntology,
} from '../src/index.ts';

const counter = () => {
  let n = 0;
  return () => `c${String(++n).padStart(24, '0')}`;
};

const config = (xml: string): LabelConfig => {
  const r = parseLabelConfig(xml);
  if (!r.ok) throw new Error(r.message);
  return r.config;
};
const ontologyOf = (xml: string): NormalizedOntology =>
  completeOntology(labelConfigToOntology(config(xml)), { newId: counter() });

const IMAGE = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Cat" background="#ff0000"/><Label value="Dog"/></RectangleLabels>
  <PolygonLabels name="poly" toName="image"><Label value="Cat"/></PolygonLabels>
  <KeyPointLabels name="kp" toName="image"><Label value="Nose"/></KeyPointLabels>
  <Choices name="quality" toName="image" perRegion="true"><Choice value="Good"/><Choice value="Bad"/></Choices>
  <Choices name="scene" toName="image" choice="multiple"><Choice value="Indoor"/><Choice value="Outdoor"/></Choices>
  <View visibleWhen="choice-selected" whenTagName="scene" whenChoiceValue="Indoor">
    <TextArea name="room" toName="image"/>
  </View>
  <Rating name="stars" toName="image" maxRating="3"/>
</View>`;

const TEXT = `<View><Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="LOC"/></Labels>
  <Relations><Relation value="lives_in"/></Relations>
</View>`;

describe('label config parsing and Label Studio validation messages', () => {
  it('reports XML syntax errors, missing attributes, duplicate names and unknown toName', () => {
    const messages = [
      '<View><Image name="i" value="$i"></View>',
      '<View><Image name="i" value="$i"/><Choices name="c"><Choice value="a"/></Choices></View>',
      '<View><Image name="i" value="$i"/><Choices name="i" toName="i"><Choice value="a"/></Choices></View>',
      '<View><Image name="i" value="$i"/><Choices name="c" toName="unexisted"><Choice value="a"/></Choices></View>',
      '<View><Text name="t" value="$t"/><Choices name="c" toName="t"></Choices></View>',
    ].map((xml) => {
      const r = parseLabelConfig(xml);
      assert.equal(r.ok, false, xml);
      return r.ok ? '' : r.message;
    });
    assert.match(messages[0]!, /unexpected close tag|mismatched/i);
    assert.equal(messages[1], "Validation failed on Choices: 'toName' is a required property");
    assert.equal(messages[2], 'Label config contains non-unique names');
    assert.equal(messages[3], `toName="unexisted" not found in names: ['i', 'c']`);
    assert.match(messages[4]!, /needs at least one Choice/);
    assert.deepEqual(parseLabelConfig(null), { ok: false, message: 'can only parse strings' });
  });

  it('accepts tag names in any case and reads data keys, perRegion and visibleWhen', () => {
    const c = config(
      IMAGE.replace('<Choices name="scene"', '<choices name="scene"').replace(
        '</Choices>\n  <View',
        '</choices>\n  <View',
      ),
    );
    assert.deepEqual(c.objects, [{ name: 'image', tag: 'Image', dataKey: 'image', valueList: false }]);
    assert.equal(c.controls.find((x) => x.name === 'quality')!.perRegion, true);
    assert.deepEqual(c.controls.find((x) => x.name === 'room')!.condition, {
      visibleWhen: 'choice-selected',
      whenTagName: 'scene',
      whenChoiceValue: 'Indoor',
    });
  });
});

describe('label config → ontology', () => {
  it('makes a tool per label, nests perRegion and visibleWhen controls, keeps ls keys', () => {
    const o = ontologyOf(IMAGE);
    assert.deepEqual(
      o.tools.map((t) => [t.tool, t.name, t.lsControl, t.lsLabel]),
      [
        ['rectangle', 'Cat', 'label', 'Cat'],
        ['rectangle', 'Dog', 'label', 'Dog'],
        ['polygon', 'Cat (poly)', 'poly', 'Cat'],
        ['point', 'Nose', 'kp', 'Nose'],
      ],
    );
    assert.equal(o.tools[0]!.color, '#ff0000');
    assert.deepEqual(
      o.tools[0]!.classifications.map((c) => c.name),
      ['quality'],
    );
    assert.deepEqual(
      o.classifications.map((c) => [c.name, c.type]),
      [
        ['scene', 'checklist'],
        ['stars', 'radio'],
      ],
    );
    assert.deepEqual(
      o.classifications[0]!.options[0]!.options.map((c) => [c.name, c.type]),
      [['room', 'text']],
    );
    assert.deepEqual(
      o.classifications[1]!.options.map((x) => x.value),
      ['1', '2', '3'],
    );
  });

  it('writes a config for an ontology made elsewhere, which parses back to the same features', () => {
    const labelbox: NormalizedOntology = completeOntology(
      {
        tools: [
          {
            schemaNodeId: null,
            featureSchemaId: null,
            tool: 'rectangle',
            name: 'Car',
            required: false,
            color: null,
            classifications: [
              {
                schemaNodeId: null,
                featureSchemaId: null,
                type: 'radio',
                name: 'color',
                instructions: 'color',
                required: false,
                options: [
                  { schemaNodeId: null, featureSchemaId: null, value: 'red', label: 'red', options: [] },
                ],
              },
            ],
          },
        ],
        classifications: [
          {
            schemaNodeId: null,
            featureSchemaId: null,
            type: 'text',
            name: 'notes',
            instructions: 'notes',
            required: false,
            options: [],
          },
        ],
      },
      { newId: counter() },
    );
    const xml = ontologyToLabelConfig(labelbox, 'IMAGE');
    const back = labelConfigToOntology(config(xml));
    assert.deepEqual(
      back.tools.map((t) => [t.tool, t.name]),
      [['rectangle', 'Car']],
    );
    assert.deepEqual(
      back.tools[0]!.classifications.map((c) => c.name),
      ['color'],
    );
    assert.deepEqual(
      back.classifications.map((c) => [c.name, c.type]),
      [['notes', 'text']],
    );
    const keyed = withLabelStudioKeys(labelbox, 'IMAGE');
    assert.equal(keyed.tools[0]!.lsControl, 'rectangle');
    assert.equal(keyed.tools[0]!.lsLabel, 'Car');
  });
});

describe('Label Studio results ↔ label documents', () => {
  const ontology = ontologyOf(IMAGE);
  const ctx = { ontology, newUuid: counter() };
  const box = {
    id: 'r1',
    from_name: 'label',
    to_name: 'image',
    type: 'rectanglelabels',
    original_width: 2000,
    original_height: 1000,
    value: { x: 10, y: 20, width: 30, height: 40, rotation: 30, rectanglelabels: ['Dog'] },
  };

  it('converts percent to pixels (rotation kept) and back exactly', () => {
    const r = lsResultsToLabel(
      [
        box,
        { id: 'r1', from_name: 'quality', to_name: 'image', type: 'choices', value: { choices: ['Bad'] } },
        {
          id: 'p1',
          from_name: 'poly',
          to_name: 'image',
          type: 'polygonlabels',
          original_width: 2000,
          original_height: 1000,
          value: {
            points: [
              [0, 0],
              [50, 0],
              [50, 100],
            ],
            polygonlabels: ['Cat'],
          },
        },
        {
          id: 'k1',
          from_name: 'kp',
          to_name: 'image',
          type: 'keypointlabels',
          original_width: 2000,
          original_height: 1000,
          value: { x: 25, y: 75, width: 1, keypointlabels: ['Nose'] },
        },
        { id: 's1', from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['Indoor'] } },
        { id: 't1', from_name: 'room', to_name: 'image', type: 'textarea', value: { text: ['kitchen'] } },
        { id: 'x1', from_name: 'stars', to_name: 'image', type: 'rating', value: { rating: 2 } },
      ],
      ctx,
    );
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const [b, p, k] = r.value.objects;
    assert.deepEqual(b, {
      uuid: 'r1',
      featureSchemaId: ontology.tools[1]!.featureSchemaId,
      name: 'Dog',
      classifications: [
        {
          uuid: b!.classifications[0]!.uuid,
          featureSchemaId: ontology.tools[1]!.classifications[0]!.featureSchemaId,
          name: 'quality',
          kind: 'radio',
          answer:
            b!.classifications[0]!.kind === 'radio' ? b!.classifications[0]!.answer : (undefined as never),
        },
      ],
      kind: 'bbox',
      bbox: { left: 200, top: 200, width: 600, height: 400 },
      rotation: 30,
    });
    assert.deepEqual(p!.kind === 'polygon' && p!.points, [
      { x: 0, y: 0 },
      { x: 1000, y: 0 },
      { x: 1000, y: 1000 },
    ]);
    assert.deepEqual(k!.kind === 'point' && k!.point, { x: 500, y: 750 });
    const scene = r.value.classifications.find((c) => c.name === 'scene')!;
    assert.equal(scene.kind, 'checklist');
    assert.equal(scene.kind === 'checklist' && scene.answers[0]!.classifications[0]!.name, 'room');
    const stars = r.value.classifications.find((c) => c.name === 'stars')!;
    assert.equal(stars.kind === 'radio' && stars.answer.value, '2');

    const back = labelToLsResults(r.value, { ...ctx, imageSize: { width: 2000, height: 1000 } });
    const backBox = back.find((x) => x.id === 'r1' && x.type === 'rectanglelabels')!;
    assert.deepEqual(backBox.value, box.value);
    assert.equal(backBox.original_width, 2000);
    const perRegion = back.find((x) => x.id === 'r1' && x.type === 'choices')!;
    assert.deepEqual(perRegion.value, {
      x: 10,
      y: 20,
      width: 30,
      height: 40,
      rotation: 30,
      choices: ['Bad'],
    });
    assert.deepEqual(back.find((x) => x.from_name === 'room')!.value, { text: ['kitchen'] });
    assert.deepEqual(back.find((x) => x.from_name === 'stars')!.value, { rating: 2 });
    assert.deepEqual(back.find((x) => x.id === 'p1')!.value, {
      points: [
        [0, 0],
        [50, 0],
        [50, 100],
      ],
      closed: true,
      polygonlabels: ['Cat'],
    });
  });

  it('names the field and the problem for bad results', () => {
    const cases: [unknown, RegExp][] = [
      [
        [{ ...box, value: { ...box.value, rectanglelabels: ['Horse'] } }],
        /result\[0\]\.value\.rectanglelabels: "Horse" is not a label of label/,
      ],
      [
        [{ ...box, original_width: undefined }],
        /result\[0\]\.original_width: original_width and original_height are required/,
      ],
      [[{ ...box, value: { ...box.value, x: 'a' } }], /result\[0\]\.value\.x: must be a number/],
      [
        [{ id: 'z', from_name: 'nope', to_name: 'image', type: 'choices', value: { choices: ['A'] } }],
        /result\[0\]\.from_name: "nope" is not a control/,
      ],
      [
        [{ id: 'z', from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['Space'] } }],
        /"Space" is not a choice of scene/,
      ],
      ['nope', /result: must be a list/],
    ];
    for (const [input, pattern] of cases) {
      const r = lsResultsToLabel(input, ctx);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : `${r.errors[0]!.path}: ${r.errors[0]!.message}`, pattern);
    }
  });

  it('converts code-point offsets to UTF-16 and back, with emoji and combining marks', () => {
    const text = 'Zoë 👩‍👩‍👧 in Café́ Paris 🇫🇷!';
    const o = ontologyOf(TEXT);
    const tctx = { ontology: o, text: () => text, newUuid: counter() };
    const cps = [...text];
    const start = cps.indexOf('C');
    const end = start + 'Café́'.length; // 'é' + combining acute: one more code point
    const paris = cps.indexOf('P');
    const r = lsResultsToLabel(
      [
        {
          id: 'a',
          from_name: 'ner',
          to_name: 'text',
          type: 'labels',
          value: { start, end, text: 'Café́', labels: ['LOC'] },
        },
        {
          id: 'b',
          from_name: 'ner',
          to_name: 'text',
          type: 'labels',
          value: { start: paris, end: paris + 5, labels: ['LOC'] },
        },
        { type: 'relation', from_id: 'a', to_id: 'b', direction: 'right', labels: ['lives_in'] },
      ],
      tctx,
    );
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const span = r.value.objects[0]!;
    assert.equal(span.kind, 'text-entity');
    const s16 = codePointToUtf16(text, start);
    assert.deepEqual(span.kind === 'text-entity' && [span.start, span.end], [
      s16,
      codePointToUtf16(text, end) - 1,
    ]);
    assert.equal(text.slice(s16, (span as { end: number }).end + 1), 'Café́');
    assert.ok(s16 > start, 'the emoji before the span makes UTF-16 offsets larger');
    assert.equal(utf16ToCodePoint(text, s16), start);
    assert.equal(r.value.relationships[0]!.source, 'a');
    const back = labelToLsResults(r.value, tctx);
    assert.deepEqual(back[0]!.value, { start, end, text: 'Café́', labels: ['LOC'] });
    assert.deepEqual(back[1]!.value, { start: paris, end: paris + 5, text: 'Paris', labels: ['LOC'] });
    assert.deepEqual(back[2], {
      type: 'relation',
      from_id: 'a',
      to_id: 'b',
      direction: 'right',
      labels: ['lives_in'],
    });
  });
});
