import { parseXml, walk, type XmlElement } from './xml.ts';

/**
 * Label Studio's labeling-config language, read into a flat model: object tags (what is shown, bound to task data
 * keys) and control tags (what produces results), each control with its options and the conditions under which
 * it shows. Tag names are case-insensitive, as in Label Studio.
 */

/** How a control's results are stored in our ontology. */
export type ControlKind =
  | {
      role: 'tool';
      tool: 'rectangle' | 'polygon' | 'point' | 'raster-segmentation' | 'named-entity' | 'edge';
    }
  | { role: 'classification'; classification: 'choices' | 'text' | 'rating' | 'number' };

/** Control tags we map to ontology features: canonical tag name, result `type`, ontology kind. */
export const CONTROL_TAGS: Readonly<Record<string, { tag: string; labelled: boolean; kind: ControlKind }>> = {
  rectanglelabels: { tag: 'RectangleLabels', labelled: true, kind: { role: 'tool', tool: 'rectangle' } },
  rectangle: { tag: 'Rectangle', labelled: false, kind: { role: 'tool', tool: 'rectangle' } },
  polygonlabels: { tag: 'PolygonLabels', labelled: true, kind: { role: 'tool', tool: 'polygon' } },
  polygon: { tag: 'Polygon', labelled: false, kind: { role: 'tool', tool: 'polygon' } },
  keypointlabels: { tag: 'KeyPointLabels', labelled: true, kind: { role: 'tool', tool: 'point' } },
  keypoint: { tag: 'KeyPoint', labelled: false, kind: { role: 'tool', tool: 'point' } },
  ellipselabels: { tag: 'EllipseLabels', labelled: true, kind: { role: 'tool', tool: 'polygon' } },
  ellipse: { tag: 'Ellipse', labelled: false, kind: { role: 'tool', tool: 'polygon' } },
  brushlabels: { tag: 'BrushLabels', labelled: true, kind: { role: 'tool', tool: 'raster-segmentation' } },
  brush: { tag: 'Brush', labelled: false, kind: { role: 'tool', tool: 'raster-segmentation' } },
  labels: { tag: 'Labels', labelled: true, kind: { role: 'tool', tool: 'named-entity' } },
  hypertextlabels: { tag: 'HyperTextLabels', labelled: true, kind: { role: 'tool', tool: 'named-entity' } },
  relations: { tag: 'Relations', labelled: true, kind: { role: 'tool', tool: 'edge' } },
  choices: { tag: 'Choices', labelled: true, kind: { role: 'classification', classification: 'choices' } },
  textarea: { tag: 'TextArea', labelled: false, kind: { role: 'classification', classification: 'text' } },
  rating: { tag: 'Rating', labelled: false, kind: { role: 'classification', classification: 'rating' } },
  number: { tag: 'Number', labelled: false, kind: { role: 'classification', classification: 'number' } },
  datetime: { tag: 'DateTime', labelled: false, kind: { role: 'classification', classification: 'text' } },
};

/** Object tags: they show task data and are what `toName` points at. */
export const OBJECT_TAGS: Readonly<Record<string, string>> = {
  image: 'Image',
  text: 'Text',
  hypertext: 'HyperText',
  audio: 'Audio',
  audioplus: 'AudioPlus',
  video: 'Video',
  paragraphs: 'Paragraphs',
  timeseries: 'TimeSeries',
  table: 'Table',
  pdf: 'PDF',
  markdown: 'Markdown',
  list: 'List',
};

const OPTION_TAGS: Readonly<Record<string, string>> = {
  label: 'Label',
  choice: 'Choice',
  relation: 'Relation',
};

export type LsOption = {
  readonly value: string;
  readonly background?: string;
  readonly children: LsOption[];
};

/** When a control shows: Label Studio's `visibleWhen` + `whenTagName`/`whenLabelValue`/`whenChoiceValue`. */
export type LsCondition = {
  readonly visibleWhen: string;
  readonly whenTagName?: string;
  readonly whenLabelValue?: string;
  readonly whenChoiceValue?: string;
};

export type LsControl = {
  readonly name: string;
  /** Canonical tag name (`RectangleLabels`); `type` in results is its lower case. */
  readonly tag: string;
  readonly type: string;
  readonly kind: ControlKind;
  readonly labelled: boolean;
  readonly toName: readonly string[];
  readonly options: readonly LsOption[];
  readonly multiple: boolean;
  readonly required: boolean;
  readonly perRegion: boolean;
  readonly condition?: LsCondition;
  readonly maxRating?: number;
};

export type LsObject = {
  readonly name: string;
  readonly tag: string;
  /** The task data key (`$image` → `image`), or undefined for a literal value. */
  readonly dataKey?: string;
  readonly valueList: boolean;
};

export type LabelConfig = {
  readonly objects: readonly LsObject[];
  readonly controls: readonly LsControl[];
  /** Controls whose tag we do not map to features (Taxonomy, Pairwise, …): kept in the config, not labelable here. */
  readonly unsupported: readonly { name: string; tag: string }[];
};

export type ConfigResult = { ok: true; config: LabelConfig } | { ok: false; message: string };

const truthy = (v: string | undefined) => v !== undefined && ['true', '1', 'yes'].includes(v.toLowerCase());
const attr = (e: XmlElement, name: string): string | undefined => {
  if (Object.hasOwn(e.attrs, name)) return e.attrs[name];
  const lower = name.toLowerCase();
  const key = Object.keys(e.attrs).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : e.attrs[key];
};

function conditionOf(e: XmlElement): LsCondition | undefined {
  const visibleWhen = attr(e, 'visibleWhen');
  if (!visibleWhen) return undefined;
  const out: { -readonly [K in keyof LsCondition]: LsCondition[K] } = { visibleWhen };
  const tagName = attr(e, 'whenTagName');
  const labelValue = attr(e, 'whenLabelValue');
  const choiceValue = attr(e, 'whenChoiceValue');
  if (tagName !== undefined) out.whenTagName = tagName;
  if (labelValue !== undefined) out.whenLabelValue = labelValue;
  if (choiceValue !== undefined) out.whenChoiceValue = choiceValue;
  return out;
}

function optionsOf(e: XmlElement): LsOption[] {
  const out: LsOption[] = [];
  for (const child of e.children) {
    const tag = child.tag.toLowerCase();
    if (OPTION_TAGS[tag]) {
      const value = attr(child, 'value') ?? attr(child, 'alias') ?? child.text;
      const background = attr(child, 'background');
      out.push({
        value,
        ...(background !== undefined && { background }),
        children: optionsOf(child),
      });
    } else if (tag === 'view' || tag === 'header') {
      // Options may be grouped in Views for layout.
      if (tag === 'view') out.push(...optionsOf(child));
    }
  }
  return out;
}

/** A `$key` object value names a task data key; as in Label Studio, everything after the `$` is the key. */
const dataKeyOf = (value: string | undefined): string | undefined =>
  value !== undefined && value.startsWith('$') ? value.slice(1) : undefined;

/**
 * Parses and checks a labeling config the way Label Studio does (XML syntax, required attributes, unique names,
 * `toName` pointing at existing tags), with Label Studio's messages.
 */
export function parseLabelConfig(xml: unknown): ConfigResult {
  if (typeof xml !== 'string') return { ok: false, message: 'can only parse strings' };
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const objects: LsObject[] = [];
  const controls: LsControl[] = [];
  const unsupported: { name: string; tag: string }[] = [];
  const names: string[] = [];
  for (const { element, ancestors } of walk(parsed.root)) {
    const tag = element.tag.toLowerCase();
    const name = attr(element, 'name');
    if (name !== undefined && !ancestors.some((a) => OPTION_TAGS[a.tag.toLowerCase()])) names.push(name);
    const objectTag = OBJECT_TAGS[tag];
    if (objectTag) {
      const value = attr(element, 'value') ?? attr(element, 'valueList');
      if (name === undefined)
        return { ok: false, message: `Validation failed on ${objectTag}: 'name' is a required property` };
      if (value === undefined && (tag === 'image' || tag === 'text' || tag === 'hypertext'))
        return { ok: false, message: `Validation failed on ${objectTag}: 'value' is a required property` };
      const dataKey = dataKeyOf(value);
      objects.push({
        name,
        tag: objectTag,
        ...(dataKey !== undefined && { dataKey }),
        valueList: attr(element, 'valueList') !== undefined,
      });
      continue;
    }
    const spec = CONTROL_TAGS[tag];
    // <Relations> names nothing: it labels links between any two regions.
    const toNameAttr = tag === 'relations' ? (attr(element, 'toName') ?? '') : attr(element, 'toName');
    if (!spec) {
      if (name !== undefined && toNameAttr !== undefined) unsupported.push({ name, tag: element.tag });
      continue;
    }
    const controlName = name ?? (tag === 'relations' ? 'relations' : undefined);
    if (controlName === undefined)
      return { ok: false, message: `Validation failed on ${spec.tag}: 'name' is a required property` };
    if (toNameAttr === undefined)
      return { ok: false, message: `Validation failed on ${spec.tag}: 'toName' is a required property` };
    const options = optionsOf(element);
    if (
      (tag === 'choices' || tag === 'labels') &&
      options.length === 0 &&
      attr(element, 'value') === undefined
    )
      return {
        ok: false,
        message: `Validation failed on ${spec.tag} "${controlName}": it needs at least one ${tag === 'choices' ? 'Choice' : 'Label'}`,
      };
    const inherited = [...ancestors].reverse().find((a) => conditionOf(a) !== undefined);
    const condition = conditionOf(element) ?? (inherited ? conditionOf(inherited) : undefined);
    const maxRating = Number(attr(element, 'maxRating') ?? 5);
    controls.push({
      name: controlName,
      tag: spec.tag,
      type: spec.tag.toLowerCase(),
      kind: spec.kind,
      labelled: spec.labelled,
      toName: toNameAttr === '' ? [] : toNameAttr.split(',').map((s) => s.trim()),
      options,
      multiple: ['multiple'].includes((attr(element, 'choice') ?? '').toLowerCase()),
      required: truthy(attr(element, 'required')),
      perRegion: truthy(attr(element, 'perRegion')),
      ...(condition !== undefined && { condition }),
      ...(tag === 'rating' && { maxRating: Number.isInteger(maxRating) && maxRating > 0 ? maxRating : 5 }),
    });
  }
  if (new Set(names).size !== names.length)
    return { ok: false, message: 'Label config contains non-unique names' };
  for (const control of [...controls, ...unsupported.map((u) => ({ ...u, toName: [] as string[] }))]) {
    for (const to of control.toName) {
      if (!names.includes(to))
        return {
          ok: false,
          message: `toName="${to}" not found in names: [${names.map((n) => `'${n}'`).join(', ')}]`,
        };
    }
  }
  return { ok: true, config: { objects, controls, unsupported } };
}

/** The task data keys a config reads (`$image` → `image`), in config order. */
export const dataKeysOf = (config: LabelConfig): string[] => [
  ...new Set(config.objects.flatMap((o) => (o.dataKey === undefined ? [] : [o.dataKey]))),
];
