import { z } from 'zod';
import {
  annotationBaseShape,
  featureValue,
  isRecord,
  show,
  type AnnotationBase,
  type FieldError,
} from './common.ts';

export type RelationshipDirection = 'unidirectional' | 'bidirectional';

/** A typed link between two object annotations of the same label, by their `uuid`s. */
export type RelationshipAnnotation = AnnotationBase & {
  readonly kind: 'relationship';
  readonly source: string;
  readonly target: string;
  readonly direction: RelationshipDirection;
};

export const relationshipAnnotationSchema: z.ZodType<RelationshipAnnotation> = z.object({
  ...annotationBaseShape,
  kind: z.literal('relationship'),
  source: z.string().min(1),
  target: z.string().min(1),
  direction: z.enum(['unidirectional', 'bidirectional']),
});

type RelationshipGeometry = Pick<RelationshipAnnotation, 'source' | 'target' | 'direction'>;

/** Relationships are not objects (they have no geometry and no nested classifications), so they get their own util. */
export const relationshipUtil = {
  kind: 'relationship',
  tools: ['edge'],
  ndjsonKey: 'relationship',
  schema: relationshipAnnotationSchema,

  readNdjson(
    line: Readonly<Record<string, unknown>>,
    errors: FieldError[],
  ): RelationshipGeometry | undefined {
    const raw = line.relationship;
    if (!isRecord(raw)) {
      errors.push({
        path: 'relationship',
        message: `must be an object like {"source": "<uuid>", "target": "<uuid>", "type": "unidirectional"} (got ${show(raw)})`,
      });
      return undefined;
    }
    const before = errors.length;
    for (const key of ['source', 'target'] as const) {
      if (typeof raw[key] !== 'string' || raw[key] === '') {
        errors.push({
          path: `relationship.${key}`,
          message: `must be the uuid of another annotation line (got ${show(raw[key])})`,
        });
      }
    }
    const type = raw.type ?? 'unidirectional';
    if (type !== 'unidirectional' && type !== 'bidirectional') {
      errors.push({
        path: 'relationship.type',
        message: `must be "unidirectional" or "bidirectional" (got ${show(type)})`,
      });
    }
    if (errors.length > before) return undefined;
    return {
      source: raw.source as string,
      target: raw.target as string,
      direction: type as RelationshipDirection,
    };
  },

  /** With `objectUuids` (the label's objects) also checks that both ends exist. */
  validate(a: RelationshipGeometry, objectUuids?: ReadonlySet<string>): FieldError[] {
    const errors: FieldError[] = [];
    if (a.source === a.target)
      errors.push({
        path: 'relationship.target',
        message: 'must differ from source: an annotation cannot relate to itself',
      });
    if (objectUuids) {
      for (const key of ['source', 'target'] as const) {
        if (!objectUuids.has(a[key])) {
          errors.push({
            path: `relationship.${key}`,
            message: `no object annotation with uuid "${a[key]}" on this data row`,
          });
        }
      }
    }
    return errors;
  },

  toV1: (a: RelationshipAnnotation): Record<string, unknown> => ({
    featureId: a.uuid,
    schemaId: a.featureSchemaId,
    title: a.name,
    value: featureValue(a.name),
    data: { source: a.source, target: a.target },
    relationshipType: a.direction,
  }),

  toV2: (a: RelationshipAnnotation): Record<string, unknown> => ({
    feature_id: a.uuid,
    feature_schema_id: a.featureSchemaId,
    name: a.name,
    value: featureValue(a.name),
    unidirectional: a.direction === 'unidirectional',
    source: a.source,
    target: a.target,
  }),
} as const;
