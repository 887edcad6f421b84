// Test factories: a small ontology behind the FeatureResolver interface, and a counting uuid source.
import type { FeatureRef, FeatureResolver, ParseContext, ResolvedFeature } from '../src/index.ts';

type Spec = {
  id: string;
  name: string;
  value?: string;
  color?: string;
  tool?: string;
  type?: string;
  classifications?: Spec[];
  options?: Spec[];
};

function node(spec: Spec, kind: ResolvedFeature['kind']): ResolvedFeature {
  const find = (list: ResolvedFeature[], ref: FeatureRef, byValue = false) =>
    ref.schemaId !== undefined
      ? list.find((f) => f.featureSchemaId === ref.schemaId)
      : list.find((f) => f.name === ref.name || (byValue && f.value === ref.name));
  const classifications = (spec.classifications ?? []).map((c) => node(c, 'classification'));
  const options = (spec.options ?? []).map((o) => node(o, 'option'));
  return {
    featureSchemaId: spec.id,
    name: spec.name,
    ...(spec.value !== undefined && { value: spec.value }),
    ...(spec.color !== undefined && { color: spec.color }),
    kind,
    ...(spec.tool !== undefined && { tool: spec.tool }),
    ...(spec.type !== undefined && { classificationType: spec.type }),
    classification: (ref) => find(classifications, ref),
    option: (ref) => find(options, ref, true),
  };
}

export const ontology = {
  tools: [
    {
      id: 'fs-box',
      name: 'box',
      tool: 'rectangle',
      color: '#ff0000',
      classifications: [
        {
          id: 'fs-sub-radio',
          name: 'sub_radio',
          type: 'radio',
          options: [
            {
              id: 'fs-sub-a',
              name: 'a',
              value: 'a',
              classifications: [{ id: 'fs-deep', name: 'deep', type: 'text' }],
            },
            { id: 'fs-sub-b', name: 'b', value: 'b' },
          ],
        },
        { id: 'fs-sub-text', name: 'sub_text', type: 'text' },
      ],
    },
    { id: 'fs-poly', name: 'poly', tool: 'polygon', color: '#00ff00' },
    { id: 'fs-pt', name: 'pt', tool: 'point' },
    { id: 'fs-ln', name: 'ln', tool: 'line' },
    { id: 'fs-seg', name: 'seg', tool: 'raster-segmentation' },
    { id: 'fs-ner', name: 'named-entity', tool: 'named-entity' },
    { id: 'fs-rel', name: 'is chasing', tool: 'edge' },
    { id: 'fs-sp', name: 'sp', tool: 'superpixel' },
    { id: 'fs-vmask', name: 'video_mask', tool: 'raster-segmentation' },
    { id: 'fs-vmask-2', name: 'video_mask_2', tool: 'raster-segmentation' },
    { id: 'fs-dmask', name: 'dicom_mask', tool: 'raster-segmentation' },
    // Video, DICOM and message-evaluation tools, named as in the SDK fixtures (test/fixtures/sdk-*.ndjson).
    {
      id: 'fs-v-bbox',
      name: 'bbox',
      tool: 'rectangle',
      classifications: [
        {
          id: 'fs-v-nested',
          name: 'nested',
          type: 'radio',
          options: [{ id: 'fs-v-opt1', name: 'radio_option_1', value: 'radio_option_1' }],
        },
      ],
    },
    { id: 'fs-v-point', name: 'point', tool: 'point' },
    { id: 'fs-v-line', name: 'line', tool: 'line' },
    { id: 'fs-dicom-1', name: 'dicom_polyline', tool: 'line' },
    { id: 'fs-dicom-2', name: 'dicom_polyline_2', tool: 'line' },
    { id: 'fs-m-single', name: 'single-selection', tool: 'message-single-selection' },
    { id: 'fs-m-multi', name: 'multi-selection', tool: 'message-multi-selection' },
    { id: 'fs-m-rank', name: 'ranking', tool: 'message-ranking' },
  ],
  classifications: [
    {
      id: 'fs-q',
      name: 'q',
      type: 'radio',
      options: [
        { id: 'fs-q-yes', name: 'Yes', value: 'yes' },
        { id: 'fs-q-no', name: 'No', value: 'no' },
      ],
    },
    {
      id: 'fs-c',
      name: 'c',
      type: 'checklist',
      options: [
        { id: 'fs-c-a', name: 'first', value: 'first' },
        { id: 'fs-c-b', name: 'second', value: 'second' },
      ],
    },
    { id: 'fs-free', name: 'free_text', type: 'text' },
    {
      id: 'fs-v-checklist',
      name: 'checklist',
      type: 'checklist',
      options: [
        { id: 'fs-v-c1', name: 'first_checklist_answer', value: 'first_checklist_answer' },
        { id: 'fs-v-c2', name: 'second_checklist_answer', value: 'second_checklist_answer' },
      ],
    },
    {
      id: 'fs-v-radio',
      name: 'radio_class',
      type: 'radio',
      options: [{ id: 'fs-v-r1', name: 'first_radio_answer', value: 'first_radio_answer' }],
    },
    { id: 'fs-v-text', name: 'text_class', type: 'text' },
    { id: 'fs-p-prompt', name: 'prompt-text', type: 'prompt' },
    { id: 'fs-p-text', name: 'response-text', type: 'response-text' },
    {
      id: 'fs-p-checklist',
      name: 'checklist-response',
      type: 'response-checklist',
      options: [
        { id: 'fs-p-c1', name: 'first_checklist_answer', value: 'first_checklist_answer' },
        { id: 'fs-p-c2', name: 'second_checklist_answer', value: 'second_checklist_answer' },
      ],
    },
    {
      id: 'fs-p-radio',
      name: 'radio-response',
      type: 'response-radio',
      options: [{ id: 'fs-p-r1', name: 'first_radio_answer', value: 'first_radio_answer' }],
    },
  ],
} satisfies { tools: Spec[]; classifications: Spec[] };

export function createResolver(): FeatureResolver {
  const roots = [
    ...ontology.tools.map((t) => node(t, 'tool')),
    ...ontology.classifications.map((c) => node(c, 'classification')),
  ];
  return {
    resolve: (ref) =>
      ref.schemaId !== undefined
        ? roots.find((r) => r.featureSchemaId === ref.schemaId)
        : roots.find((r) => r.name === ref.name),
  };
}

/** A parse context with a counting uuid source (`id-1`, `id-2`, …) so records are predictable. */
export function createParseContext(media?: ParseContext['media']): ParseContext {
  let n = 0;
  return { features: createResolver(), newUuid: () => `id-${++n}`, ...(media && { media }) };
}

export const dataRow = { id: 'dr-1' };
