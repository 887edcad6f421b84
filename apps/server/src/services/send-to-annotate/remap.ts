import { randomUUID } from 'node:crypto';
import type {
  Annotation,
  ClassificationAnnotation,
  ClassificationAnswer,
  LabelDocument,
  NormalizedOntology,
} from '@labelyard/schema';

/** The destination ontology's features by id: the name (or option label) and option value they carry. */
export type FeatureNames = ReadonlyMap<string, { name: string; value?: string }>;

export function featureNamesOf(ontology: NormalizedOntology): FeatureNames {
  const out = new Map<string, { name: string; value?: string }>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.featureSchemaId === 'string') {
      const name = typeof n.name === 'string' ? n.name : typeof n.label === 'string' ? n.label : '';
      out.set(n.featureSchemaId, typeof n.value === 'string' ? { name, value: n.value } : { name });
    }
    for (const key of ['tools', 'classifications', 'options']) if (key in n) walk(n[key]);
  };
  walk(ontology);
  return out;
}

/**
 * Carries a label document into another project: each feature id goes through `mapping` (when it is non-empty,
 * unmapped features are left out) and must exist in the destination ontology; what does not survive is dropped
 * (a radio whose answer is dropped, a relationship whose end is dropped). Annotations get new uuids.
 */
export function remapDocument(
  doc: LabelDocument,
  mapping: Readonly<Record<string, string>>,
  dest: FeatureNames,
): { doc: LabelDocument; dropped: number } {
  let dropped = 0;
  const useMapping = Object.keys(mapping).length > 0;
  const target = (id: string): { id: string; name: string; value?: string } | null => {
    const to = useMapping ? (Object.hasOwn(mapping, id) ? mapping[id] : undefined) : id;
    const names = to === undefined ? undefined : dest.get(to);
    return to === undefined || names === undefined ? null : { id: to, ...names };
  };
  const answer = (a: ClassificationAnswer): ClassificationAnswer | null => {
    const t = target(a.featureSchemaId);
    if (!t) return null;
    return {
      ...a,
      uuid: randomUUID(),
      featureSchemaId: t.id,
      name: t.name,
      value: t.value ?? a.value,
      classifications: classifications(a.classifications),
    };
  };
  const classification = (c: ClassificationAnnotation): ClassificationAnnotation | null => {
    const t = target(c.featureSchemaId);
    if (!t) return null;
    const base = { ...c, uuid: randomUUID(), featureSchemaId: t.id, name: t.name };
    if (c.kind === 'radio') {
      const a = answer(c.answer);
      return a ? { ...base, kind: 'radio', answer: a } : null;
    }
    if (c.kind === 'checklist') {
      const answers = c.answers.map(answer).filter((a): a is ClassificationAnswer => a !== null);
      return answers.length > 0 ? { ...base, kind: 'checklist', answers } : null;
    }
    return base;
  };
  const classifications = (list: readonly ClassificationAnnotation[]) =>
    list.flatMap((c) => {
      const out = classification(c);
      if (!out) dropped++;
      return out ? [out] : [];
    });
  const uuids = new Map<string, string>();
  const objects = doc.objects.flatMap((o) => {
    const t = target(o.featureSchemaId);
    if (!t) {
      dropped++;
      return [];
    }
    const uuid = randomUUID();
    uuids.set(o.uuid, uuid);
    return [
      {
        ...o,
        uuid,
        featureSchemaId: t.id,
        name: t.name,
        classifications: classifications(o.classifications),
      },
    ] as Annotation[];
  });
  const relationships = doc.relationships.flatMap((r) => {
    const t = target(r.featureSchemaId);
    const source = uuids.get(r.source);
    const end = uuids.get(r.target);
    if (!t || source === undefined || end === undefined) {
      dropped++;
      return [];
    }
    return [{ ...r, uuid: randomUUID(), featureSchemaId: t.id, name: t.name, source, target: end }];
  });
  return {
    doc: {
      objects: objects as LabelDocument['objects'],
      classifications: classifications(doc.classifications),
      relationships,
    },
    dropped,
  };
}
