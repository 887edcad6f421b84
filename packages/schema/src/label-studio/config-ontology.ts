import type {
  ClassificationNode,
  DraftClassification,
  DraftOntology,
  DraftOption,
  DraftTool,
  NormalizedClassification,
  NormalizedOntology,
  NormalizedTool,
} from '../ontology/ontology-model.ts';
import type { LabelConfig, LsControl, LsOption } from './label-config.ts';
import { escapeXmlAttribute } from './xml.ts';

/**
 * Label config ↔ ontology. Every feature made from a config remembers where it came from in `ls*` keys kept on
 * the ontology node (`lsControl` = control name, `lsTag`, `lsToName`, `lsLabel` for a tool made from one Label),
 * so results convert both ways by name without guessing. Ontologies made elsewhere (the Labelbox face) get the
 * same keys derived from their features by `withLabelStudioKeys`, and `ontologyToLabelConfig` writes a config
 * from those keys.
 */
export type LsKeys = { lsControl: string; lsTag: string; lsToName: string; lsLabel?: string };

const TOOL_TAGS: Record<string, string> = {
  rectangle: 'RectangleLabels',
  polygon: 'PolygonLabels',
  point: 'KeyPointLabels',
  'raster-segmentation': 'BrushLabels',
  'named-entity': 'Labels',
  edge: 'Relations',
};

function optionNodes(options: readonly LsOption[]): DraftOption[] {
  return options.map((o) => ({
    schemaNodeId: null,
    featureSchemaId: null,
    value: o.value,
    label: o.value,
    options: [],
  }));
}

function classificationOf(control: LsControl): DraftClassification {
  const kind = control.kind.role === 'classification' ? control.kind.classification : 'text';
  const keys: LsKeys = { lsControl: control.name, lsTag: control.tag, lsToName: control.toName.join(',') };
  const base = {
    schemaNodeId: null,
    featureSchemaId: null,
    name: control.name,
    instructions: control.name,
    required: control.required,
    ...keys,
  };
  if (kind === 'choices')
    return { ...base, type: control.multiple ? 'checklist' : 'radio', options: optionNodes(control.options) };
  if (kind === 'rating') {
    const max = control.maxRating ?? 5;
    const values = Array.from({ length: max }, (_, i) => ({ value: String(i + 1), children: [] }));
    return { ...base, type: 'radio', options: optionNodes(values) };
  }
  return { ...base, type: 'text', options: [] };
}

/**
 * The ontology a config defines: one tool per label of a labelled geometry control (one per control without
 * labels), one classification per Choices/TextArea/Rating/Number; `perRegion` and `visibleWhen` controls nest
 * under the tools or options they depend on.
 */
export function labelConfigToOntology(config: LabelConfig): DraftOntology {
  const tools: DraftTool[] = [];
  const classifications: DraftClassification[] = [];
  const toolNames = new Set<string>();
  const classificationByControl = new Map<string, DraftClassification>();
  for (const control of config.controls) {
    if (control.kind.role !== 'tool') continue;
    const labels: (string | undefined)[] =
      control.labelled && control.options.length > 0 ? control.options.map((o) => o.value) : [undefined];
    labels.forEach((label, i) => {
      let name = label ?? control.name;
      if (toolNames.has(name)) name = `${name} (${control.name})`;
      toolNames.add(name);
      const background = label === undefined ? undefined : control.options[i]?.background;
      tools.push({
        schemaNodeId: null,
        featureSchemaId: null,
        tool: (control.kind as { tool: DraftTool['tool'] }).tool,
        name,
        required: false,
        color: background !== undefined && /^#[0-9a-f]{6}$/i.test(background) ? background : null,
        classifications: [],
        lsControl: control.name,
        lsTag: control.tag,
        lsToName: control.toName.join(','),
        ...(label !== undefined && { lsLabel: label }),
      });
    });
  }
  for (const control of config.controls) {
    if (control.kind.role !== 'classification') continue;
    const node = classificationOf(control);
    classificationByControl.set(control.name, node);
    const c = control.condition;
    const regionScoped = control.perRegion || c?.visibleWhen === 'region-selected';
    if (regionScoped) {
      const targets = tools.filter(
        (t) =>
          t.tool !== 'edge' &&
          String(t.lsToName)
            .split(',')
            .some((n) => control.toName.includes(n)) &&
          (c?.whenTagName === undefined || t.lsControl === c.whenTagName) &&
          (c?.whenLabelValue === undefined || t.lsLabel === c.whenLabelValue),
      );
      if (targets.length > 0) {
        for (const t of targets) t.classifications.push(structuredClone(node));
        continue;
      }
    }
    if (c?.visibleWhen === 'choice-selected' && c.whenTagName !== undefined) {
      const parent = classificationByControl.get(c.whenTagName);
      if (parent) {
        const options = parent.options.filter(
          (o) => c.whenChoiceValue === undefined || c.whenChoiceValue.split(',').includes(String(o.value)),
        );
        for (const o of options) o.options.push(structuredClone(node));
        if (options.length > 0) continue;
      }
    }
    classifications.push(node);
  }
  return { tools, classifications };
}

type ObjectInfo = { tag: 'Image' | 'Text'; name: string; key: string };

/** Which object a Labelbox-made project's tools point at: text for named entities, else an image. */
function objectFor(ontology: NormalizedOntology, mediaType: string | null | undefined): ObjectInfo {
  const text =
    (mediaType ?? '').toUpperCase() === 'TEXT' || ontology.tools.some((t) => t.tool === 'named-entity');
  return text ? { tag: 'Text', name: 'text', key: 'text' } : { tag: 'Image', name: 'image', key: 'image' };
}

const hasKeys = (node: object): boolean => typeof (node as { lsControl?: unknown }).lsControl === 'string';

/**
 * The ontology with `ls*` keys on every node that lacks them, derived from the feature's kind and name: a tool
 * becomes a Label of the control named after its tool type, a classification a control named after itself.
 */
export function withLabelStudioKeys(
  ontology: NormalizedOntology,
  mediaType?: string | null,
): NormalizedOntology {
  const object = objectFor(ontology, mediaType);
  const taken = new Set<string>();
  const claim = (name: string): string => {
    let out = name;
    for (let i = 2; taken.has(out); i++) out = `${name}_${i}`;
    taken.add(out);
    return out;
  };
  const withClassKeys = (c: NormalizedClassification, toName: string): NormalizedClassification => {
    const control = hasKeys(c) ? String(c.lsControl) : claim(c.name);
    return {
      ...c,
      lsControl: control,
      lsTag: hasKeys(c) ? c.lsTag : c.type === 'text' ? 'TextArea' : 'Choices',
      lsToName: hasKeys(c) ? c.lsToName : toName,
      options: c.options.map((o) => ({ ...o, options: o.options.map((n) => withClassKeys(n, toName)) })),
    };
  };
  for (const node of [...ontology.tools, ...ontology.classifications])
    if (hasKeys(node)) taken.add(String(node.lsControl));
  const tools: NormalizedTool[] = ontology.tools.map((t) => {
    if (hasKeys(t))
      return { ...t, classifications: t.classifications.map((c) => withClassKeys(c, object.name)) };
    const tag = TOOL_TAGS[t.tool] ?? 'Labels';
    const control = t.tool.replace(/-/g, '_');
    return {
      ...t,
      lsControl: control,
      lsTag: tag,
      lsToName: tag === 'Relations' ? object.name : object.name,
      lsLabel: t.name,
      classifications: t.classifications.map((c) => withClassKeys(c, object.name)),
    };
  });
  for (const t of tools) taken.add(String(t.lsControl));
  const classifications = ontology.classifications.map((c) => withClassKeys(c, object.name));
  return { tools, classifications };
}

const labelOf = (t: NormalizedTool): string => (typeof t.lsLabel === 'string' ? t.lsLabel : t.name);

const attrs = (values: Record<string, string | undefined>): string =>
  Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(v!)}"`)
    .join('');

/** A Label Studio config for an ontology (with `ls*` keys, see `withLabelStudioKeys`). */
export function ontologyToLabelConfig(ontology: NormalizedOntology, mediaType?: string | null): string {
  const keyed = withLabelStudioKeys(ontology, mediaType);
  const object = objectFor(ontology, mediaType);
  const lines: string[] = ['<View>', `  <${object.tag} name="${object.name}" value="$${object.key}"/>`];
  const controls = new Map<string, { tag: string; toName: string; labels: NormalizedTool[] }>();
  for (const t of keyed.tools) {
    const name = String(t.lsControl);
    const entry = controls.get(name) ?? { tag: String(t.lsTag), toName: String(t.lsToName), labels: [] };
    entry.labels.push(t);
    controls.set(name, entry);
  }
  for (const [name, c] of controls) {
    lines.push(`  <${c.tag}${attrs({ name, toName: c.toName })}>`);
    for (const t of c.labels)
      lines.push(
        `    <${c.tag === 'Relations' ? 'Relation' : 'Label'}${attrs({ value: labelOf(t), background: t.color })}/>`,
      );
    lines.push(`  </${c.tag}>`);
  }
  const writeClassification = (
    c: ClassificationNode<string>,
    indent: string,
    when: Record<string, string | undefined>,
  ) => {
    const tag = String(c.lsTag);
    const common = { name: String(c.lsControl), toName: String(c.lsToName), ...when };
    if (c.type === 'text') {
      lines.push(`${indent}<${tag === 'Choices' ? 'TextArea' : tag}${attrs(common)}/>`);
      return;
    }
    const multiple = c.type === 'checklist' || c.type === 'response-checklist';
    lines.push(
      `${indent}<Choices${attrs({ ...common, choice: multiple ? 'multiple' : 'single', required: c.required ? 'true' : undefined })}>`,
    );
    for (const o of c.options) lines.push(`${indent}  <Choice${attrs({ value: String(o.label) })}/>`);
    lines.push(`${indent}</Choices>`);
    for (const o of c.options)
      for (const n of o.options)
        writeClassification(n, indent, {
          visibleWhen: 'choice-selected',
          whenTagName: String(c.lsControl),
          whenChoiceValue: String(o.label),
        });
  };
  for (const t of keyed.tools)
    for (const c of t.classifications)
      writeClassification(c, '  ', {
        perRegion: 'true',
        visibleWhen: 'region-selected',
        whenTagName: String(t.lsControl),
        whenLabelValue: labelOf(t),
      });
  for (const c of keyed.classifications) writeClassification(c, '  ', {});
  lines.push('</View>');
  return lines.join('\n');
}
