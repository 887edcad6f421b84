import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupAnnotations,
  parseNdjsonLine,
  toV1Label,
  toV2Annotations,
  type ConvertContext,
} from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';
import { imageLabel } from './format.fixtures.ts';

const ctx: ConvertContext = {
  color: (id) => ({ 'fs-box': '#ff0000', 'fs-poly': '#00ff00' })[id] ?? null,
  maskUrl: (m) => `https://labelyard.test/masks/feature/${m.uuid}?token=t`,
};

describe('records → legacy v1 Label JSON', () => {
  it('converts every image kind, classifications with nested answers, and relationships', () => {
    assert.deepEqual(toV1Label(imageLabel(), ctx), {
      objects: [
        {
          featureId: 'u-box',
          schemaId: 'fs-box',
          title: 'box',
          value: 'box',
          color: '#ff0000',
          bbox: { top: 1, left: 2, height: 3, width: 4 },
          classifications: [
            {
              featureId: 'id-1',
              schemaId: 'fs-sub-radio',
              title: 'sub_radio',
              value: 'sub_radio',
              answer: {
                featureId: 'id-2',
                schemaId: 'fs-sub-a',
                title: 'a',
                value: 'a',
                classifications: [
                  { featureId: 'id-3', schemaId: 'fs-deep', title: 'deep', value: 'deep', answer: 'very' },
                ],
              },
            },
          ],
        },
        {
          featureId: 'u-poly',
          schemaId: 'fs-poly',
          title: 'poly',
          value: 'poly',
          color: '#00ff00',
          polygon: [
            { x: 0, y: 0 },
            { x: 4, y: 0 },
            { x: 0, y: 4 },
          ],
          classifications: [],
        },
        {
          featureId: 'u-pt',
          schemaId: 'fs-pt',
          title: 'pt',
          value: 'pt',
          color: null,
          point: { x: 5, y: 5 },
          classifications: [],
        },
        {
          featureId: 'u-ln',
          schemaId: 'fs-ln',
          title: 'ln',
          value: 'ln',
          color: null,
          line: [
            { x: 1, y: 1 },
            { x: 7, y: 5 },
          ],
          classifications: [],
        },
        {
          featureId: 'u-seg',
          schemaId: 'fs-seg',
          title: 'seg',
          value: 'seg',
          color: null,
          instanceURI: 'https://labelyard.test/masks/feature/u-seg?token=t',
          classifications: [],
        },
      ],
      classifications: [
        {
          featureId: 'u-q',
          schemaId: 'fs-q',
          title: 'q',
          value: 'q',
          answer: { featureId: 'id-4', schemaId: 'fs-q-yes', title: 'Yes', value: 'yes' },
        },
        {
          featureId: 'u-c',
          schemaId: 'fs-c',
          title: 'c',
          value: 'c',
          answers: [
            { featureId: 'id-5', schemaId: 'fs-c-a', title: 'first', value: 'first' },
            { featureId: 'id-6', schemaId: 'fs-c-b', title: 'second', value: 'second' },
          ],
        },
        {
          featureId: 'u-t',
          schemaId: 'fs-free',
          title: 'free_text',
          value: 'free_text',
          answer: 'sample text',
        },
      ],
      relationships: [
        {
          featureId: 'u-rel',
          schemaId: 'fs-rel',
          title: 'is chasing',
          value: 'is_chasing',
          data: { source: 'u-box', target: 'u-poly' },
          relationshipType: 'unidirectional',
        },
      ],
    });
  });

  it('omits relationships when there are none, and writes text entities as text.location', () => {
    const r = parseNdjsonLine(
      { uuid: 'u-e', dataRow, name: 'named-entity', location: { start: 4, end: 8 } },
      createParseContext(),
    );
    assert.ok(r.ok);
    assert.deepEqual(toV1Label(groupAnnotations([r.annotation])), {
      objects: [
        {
          featureId: 'u-e',
          schemaId: 'fs-ner',
          title: 'named-entity',
          value: 'named_entity',
          color: null,
          data: { location: { start: 4, end: 8 } },
          format: 'text.location',
          version: 1,
          classifications: [],
        },
      ],
      classifications: [],
    });
  });
});

describe('records → export v2 annotations', () => {
  it('converts every image kind with annotation_kind, closed polygons, composite masks and nested answers', () => {
    assert.deepEqual(toV2Annotations(imageLabel(), ctx), {
      objects: [
        {
          feature_id: 'u-box',
          feature_schema_id: 'fs-box',
          name: 'box',
          value: 'box',
          annotation_kind: 'ImageBoundingBox',
          classifications: [
            {
              feature_id: 'id-1',
              feature_schema_id: 'fs-sub-radio',
              name: 'sub_radio',
              value: 'sub_radio',
              radio_answer: {
                feature_id: 'id-2',
                feature_schema_id: 'fs-sub-a',
                name: 'a',
                value: 'a',
                classifications: [
                  {
                    feature_id: 'id-3',
                    feature_schema_id: 'fs-deep',
                    name: 'deep',
                    value: 'deep',
                    text_answer: { content: 'very' },
                  },
                ],
              },
            },
          ],
          bounding_box: { top: 1, left: 2, height: 3, width: 4 },
        },
        {
          feature_id: 'u-poly',
          feature_schema_id: 'fs-poly',
          name: 'poly',
          value: 'poly',
          annotation_kind: 'ImagePolygon',
          classifications: [],
          polygon: [
            { x: 0, y: 0 },
            { x: 4, y: 0 },
            { x: 0, y: 4 },
            { x: 0, y: 0 },
          ],
        },
        {
          feature_id: 'u-pt',
          feature_schema_id: 'fs-pt',
          name: 'pt',
          value: 'pt',
          annotation_kind: 'ImagePoint',
          classifications: [],
          point: { x: 5, y: 5 },
        },
        {
          feature_id: 'u-ln',
          feature_schema_id: 'fs-ln',
          name: 'ln',
          value: 'ln',
          annotation_kind: 'ImagePolyline',
          classifications: [],
          line: [
            { x: 1, y: 1 },
            { x: 7, y: 5 },
          ],
        },
        {
          feature_id: 'u-seg',
          feature_schema_id: 'fs-seg',
          name: 'seg',
          value: 'seg',
          annotation_kind: 'ImageSegmentationMask',
          classifications: [],
          composite_mask: {
            url: 'https://labelyard.test/masks/feature/u-seg?token=t',
            color_rgb: [255, 0, 0],
          },
        },
      ],
      classifications: [
        {
          feature_id: 'u-q',
          feature_schema_id: 'fs-q',
          name: 'q',
          value: 'q',
          radio_answer: {
            feature_id: 'id-4',
            feature_schema_id: 'fs-q-yes',
            name: 'Yes',
            value: 'yes',
            classifications: [],
          },
        },
        {
          feature_id: 'u-c',
          feature_schema_id: 'fs-c',
          name: 'c',
          value: 'c',
          checklist_answers: [
            {
              feature_id: 'id-5',
              feature_schema_id: 'fs-c-a',
              name: 'first',
              value: 'first',
              classifications: [],
            },
            {
              feature_id: 'id-6',
              feature_schema_id: 'fs-c-b',
              name: 'second',
              value: 'second',
              classifications: [],
            },
          ],
        },
        {
          feature_id: 'u-t',
          feature_schema_id: 'fs-free',
          name: 'free_text',
          value: 'free_text',
          text_answer: { content: 'sample text' },
        },
      ],
      relationships: [
        {
          feature_id: 'u-rel',
          feature_schema_id: 'fs-rel',
          name: 'is chasing',
          value: 'is_chasing',
          unidirectional: true,
          source: 'u-box',
          target: 'u-poly',
        },
      ],
    });
  });

  it('gives text entities their token (inclusive end) and conversations their message ids', () => {
    const ctxParse = createParseContext();
    const parsed = [
      { uuid: 'e-1', dataRow, name: 'named-entity', location: { start: 6, end: 10 } },
      { uuid: 'e-2', dataRow, name: 'named-entity', messageId: 'm-0', location: { start: 0, end: 8 } },
      { uuid: 'c-1', dataRow, name: 'c', messageId: 'm-0', answer: [{ name: 'first' }] },
    ].map((l) => {
      const r = parseNdjsonLine(l, ctxParse);
      assert.ok(r.ok, JSON.stringify(r));
      return r.annotation;
    });
    const v2 = toV2Annotations(groupAnnotations(parsed), { text: 'Hello world, again' });
    assert.deepEqual(v2.objects, [
      {
        feature_id: 'e-1',
        feature_schema_id: 'fs-ner',
        name: 'named-entity',
        value: 'named_entity',
        annotation_kind: 'TextEntity',
        classifications: [],
        location: { start: 6, end: 10, token: 'world' },
      },
      {
        feature_id: 'e-2',
        feature_schema_id: 'fs-ner',
        name: 'named-entity',
        value: 'named_entity',
        annotation_kind: 'ConversationalTextEntity',
        classifications: [],
        conversational_location: { message_id: 'm-0', location: { start: 0, end: 8 } },
      },
    ]);
    assert.deepEqual(v2.classifications, [
      {
        feature_id: 'c-1',
        feature_schema_id: 'fs-c',
        name: 'c',
        value: 'c',
        message_id: 'm-0',
        conversational_checklist_answers: [
          {
            feature_id: 'id-1',
            feature_schema_id: 'fs-c-a',
            name: 'first',
            value: 'first',
            classifications: [],
          },
        ],
      },
    ]);
  });
});
