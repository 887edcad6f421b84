import { z } from 'zod';
import { classificationSchema, type ClassificationAnnotation } from './classification.ts';
import { isRecord, joinPath, show, zodIssuesToErrors, type FieldError, type MediaInfo } from './common.ts';
import {
  objectAnnotationSchema,
  objectUtil,
  objectUtils,
  type Annotation,
  type ObjectAnnotation,
} from './registry.ts';
import {
  relationshipAnnotationSchema,
  relationshipUtil,
  type RelationshipAnnotation,
} from './relationship.ts';

/** What one label holds. Stored as JSON; every record in it is a plain readonly value. */
export type LabelDocument = {
  readonly objects: readonly ObjectAnnotation[];
  readonly classifications: readonly ClassificationAnnotation[];
  readonly relationships: readonly RelationshipAnnotation[];
};

export const labelDocumentSchema: z.ZodType<LabelDocument> = z.object({
  objects: z.array(objectAnnotationSchema),
  classifications: z.array(classificationSchema),
  relationships: z.array(relationshipAnnotationSchema),
});

export const emptyLabelDocument: LabelDocument = { objects: [], classifications: [], relationships: [] };

export const isObjectAnnotation = (a: Annotation): a is ObjectAnnotation => a.kind in objectUtils;
export const isClassificationAnnotation = (a: Annotation): a is ClassificationAnnotation =>
  a.kind === 'radio' || a.kind === 'checklist' || a.kind === 'text';

/** Sorts annotations (e.g. the parsed lines of one data row) into a label document, keeping their order. */
export function groupAnnotations(annotations: Iterable<Annotation>): LabelDocument {
  const objects: ObjectAnnotation[] = [];
  const classifications: ClassificationAnnotation[] = [];
  const relationships: RelationshipAnnotation[] = [];
  for (const a of annotations) {
    if (a.kind === 'relationship') relationships.push(a);
    else if (isClassificationAnnotation(a)) classifications.push(a);
    else objects.push(a);
  }
  return { objects, classifications, relationships };
}

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Reads a stored or client-sent label document. Objects are checked by their kind's own schema so errors say
 * `objects[3].bbox.width`, not "no union member matched".
 */
export function parseLabelDocument(json: unknown): ParseResult<LabelDocument> {
  if (!isRecord(json))
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `must be an object with objects, classifications, relationships (got ${show(json)})`,
        },
      ],
    };
  const errors: FieldError[] = [];
  const objects: ObjectAnnotation[] = [];
  const list = (key: string): unknown[] => {
    const v = json[key] ?? [];
    if (Array.isArray(v)) return v;
    errors.push({ path: key, message: `must be a list (got ${show(v)})` });
    return [];
  };
  list('objects').forEach((raw, i) => {
    const path = joinPath('objects', i);
    const kind = isRecord(raw) ? raw.kind : undefined;
    const util =
      typeof kind === 'string' && Object.hasOwn(objectUtils, kind)
        ? objectUtils[kind as ObjectAnnotation['kind']]
        : undefined;
    if (!util) {
      errors.push({
        path: joinPath(path, 'kind'),
        message: `must be one of ${Object.keys(objectUtils).join(', ')} (got ${show(kind)})`,
      });
      return;
    }
    const r = (util.schema as z.ZodType<ObjectAnnotation>).safeParse(raw);
    if (r.success) objects.push(r.data);
    else errors.push(...zodIssuesToErrors(r.error.issues, path));
  });
  const classifications = z.array(classificationSchema).safeParse(list('classifications'));
  if (!classifications.success)
    errors.push(...zodIssuesToErrors(classifications.error.issues, 'classifications'));
  const relationships = z.array(relationshipAnnotationSchema).safeParse(list('relationships'));
  if (!relationships.success) errors.push(...zodIssuesToErrors(relationships.error.issues, 'relationships'));
  if (errors.length > 0 || !classifications.success || !relationships.success) return { ok: false, errors };
  return {
    ok: true,
    value: { objects, classifications: classifications.data, relationships: relationships.data },
  };
}

/**
 * Checks a whole label: each object's geometry against the media, uuids unique across the label, and every
 * relationship pointing at two objects of this label. Paths are prefixed with the record's place in the document.
 */
export function validateLabelDocument(doc: LabelDocument, media?: MediaInfo): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const checkUuid = (uuid: string, path: string) => {
    if (seen.has(uuid))
      errors.push({
        path: joinPath(path, 'uuid'),
        message: `uuid "${uuid}" is used by another annotation of this label`,
      });
    seen.add(uuid);
  };
  doc.objects.forEach((o, i) => {
    const path = joinPath('objects', i);
    checkUuid(o.uuid, path);
    for (const e of objectUtil(o).validate(o, media))
      errors.push({ path: joinPath(path, e.path), message: e.message });
  });
  doc.classifications.forEach((c, i) => checkUuid(c.uuid, joinPath('classifications', i)));
  const objectUuids = new Set(doc.objects.map((o) => o.uuid));
  doc.relationships.forEach((r, i) => {
    const path = joinPath('relationships', i);
    checkUuid(r.uuid, path);
    for (const e of relationshipUtil.validate(r, objectUuids))
      errors.push({ path: joinPath(path, e.path), message: e.message });
  });
  return errors;
}
